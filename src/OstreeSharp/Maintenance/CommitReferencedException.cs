using OstreeSharp.Objects;

namespace OstreeSharp.Maintenance;

/// <summary>A commit cannot be deleted because a ref points at it (ostree: <c>Commit 'X' is referenced by 'REF'</c>).</summary>
public sealed class CommitReferencedException : OstreeException
{
    /// <summary>Creates an exception with a default message.</summary>
    public CommitReferencedException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public CommitReferencedException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public CommitReferencedException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for <paramref name="commit"/> referenced by <paramref name="refName"/>.</summary>
    public CommitReferencedException(Checksum commit, string refName)
        : base($"Commit '{commit}' is referenced by '{refName}'")
    {
        Commit = commit;
        RefName = refName;
    }

    /// <summary>The commit.</summary>
    public Checksum? Commit { get; }

    /// <summary>A ref pointing at it.</summary>
    public string? RefName { get; }
}
