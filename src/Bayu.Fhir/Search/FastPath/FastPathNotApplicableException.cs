namespace Bayu.Fhir.Search.FastPath;

/// <summary>Thrown during a fast evaluation that meets data it does not handle; the caller re-evaluates with the SDK's engine.</summary>
internal sealed class FastPathNotApplicableException : Exception
{
    public FastPathNotApplicableException()
    {
    }

    public FastPathNotApplicableException(string message)
        : base(message)
    {
    }

    public FastPathNotApplicableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
