namespace OstreeSharp.Repository;

/// <summary>
/// One acquisition of a <see cref="RepoLock"/>. Disposing it releases that acquisition (libostree's
/// <c>ostree_repo_lock_pop</c>); disposing twice is harmless.
/// </summary>
public sealed class RepoLockHandle : IDisposable, IAsyncDisposable
{
    private RepoLock? _owner;

    internal RepoLockHandle(RepoLock owner, RepoLockMode mode)
    {
        _owner = owner;
        Mode = mode;
    }

    /// <summary>The mode this handle acquired.</summary>
    public RepoLockMode Mode { get; }

    /// <summary>Whether this handle has not been released yet.</summary>
    public bool IsHeld => Volatile.Read(ref _owner) is not null;

    /// <summary>Releases this acquisition.</summary>
    public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release(Mode);

    /// <summary>Releases this acquisition.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
