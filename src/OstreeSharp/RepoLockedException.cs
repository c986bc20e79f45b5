using OstreeSharp.Repository;

namespace OstreeSharp;

/// <summary>
/// The repository lock could not be acquired within the configured timeout
/// (<c>core.lock-timeout-secs</c>). The message matches libostree's, e.g.
/// <c>Locking repo exclusive failed: Resource temporarily unavailable</c>.
/// </summary>
public class RepoLockedException : OstreeException
{
    /// <summary>Creates an exception with a default message.</summary>
    public RepoLockedException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public RepoLockedException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public RepoLockedException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates an exception for a timed-out lock request.</summary>
    /// <param name="message">The error text.</param>
    /// <param name="mode">The requested lock mode.</param>
    /// <param name="lockFilePath">The lock file that was contended.</param>
    public RepoLockedException(string message, RepoLockMode mode, string lockFilePath) : base(message)
    {
        Mode = mode;
        LockFilePath = lockFilePath;
    }

    /// <summary>The lock mode that could not be acquired.</summary>
    public RepoLockMode Mode { get; }

    /// <summary>The contended lock file, when known.</summary>
    public string? LockFilePath { get; }
}
