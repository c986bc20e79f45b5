namespace OstreeSharp.Deltas;

/// <summary>
/// A delta lists fallback objects (to be fetched as loose objects) that the repository does not have, so it cannot
/// be applied offline.
/// </summary>
public class StaticDeltaFallbackException : OstreeException
{
    /// <summary>Creates an exception with a default message.</summary>
    public StaticDeltaFallbackException() : base("Cannot execute delta offline: contains nonempty http fallback entries") { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public StaticDeltaFallbackException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public StaticDeltaFallbackException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception listing the missing objects.</summary>
    public StaticDeltaFallbackException(IReadOnlyList<DeltaFallback> missing)
        : base("Cannot execute delta offline: contains nonempty http fallback entries")
    {
        Missing = missing;
    }

    /// <summary>The fallback objects that are not in the repository.</summary>
    public IReadOnlyList<DeltaFallback> Missing { get; } = [];
}
