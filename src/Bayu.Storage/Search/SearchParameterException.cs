namespace Bayu.Storage.Search;

/// <summary>An unknown or malformed search parameter (answered with 400 unless handling is lenient).</summary>
public sealed class SearchParameterException(string message) : Exception(message);
