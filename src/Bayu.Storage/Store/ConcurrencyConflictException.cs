namespace Bayu.Storage.Store;

/// <summary>Another writer changed the same resource first (unique version or current-row violation).</summary>
public sealed class ConcurrencyConflictException(string message, Exception? inner = null) : Exception(message, inner);
