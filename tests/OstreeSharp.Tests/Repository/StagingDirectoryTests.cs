using OstreeSharp.Repository;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Repository;

/// <summary>
/// Which staging directories in <c>tmp/</c> a new transaction takes over: unlocked ones with a lock file (left by an
/// interrupted transaction), not ones without a lock file unless they are old (another process may be between
/// creating the directory and creating its lock file, as libostree does it).
/// </summary>
public sealed class StagingDirectoryTests : IDisposable
{
    private readonly ScratchDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string NewLeftover(string tmp, string suffix, bool withLockFile)
    {
        string path = Path.Combine(tmp, "staging-" + StagingDirectory.BootId + "-" + suffix);
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "leftover"), "x");
        if (withLockFile)
            File.WriteAllBytes(path + "-lock", []);
        return path;
    }

    [Fact]
    public void ALockedOrFreshLockLessDirectoryIsLeftAloneAndAnOldOneIsTakenOver()
    {
        string tmp = _dir.Combine("tmp");
        string fresh = NewLeftover(tmp, "Fresh1", withLockFile: false);
        using (var staging = StagingDirectory.Allocate(tmp))
        {
            Assert.NotEqual(fresh, staging.Path);
            Assert.True(File.Exists(Path.Combine(fresh, "leftover")), "a fresh directory without a lock file was taken over");
            Assert.False(File.Exists(fresh + "-lock"));
            staging.Delete();
        }

        Directory.SetLastWriteTimeUtc(fresh, DateTime.UtcNow.AddHours(-2));
        using (var staging = StagingDirectory.Allocate(tmp))
        {
            Assert.Equal(fresh, staging.Path);
            Assert.Empty(Directory.EnumerateFileSystemEntries(fresh));
            staging.Delete();
        }

        string interrupted = NewLeftover(tmp, "Inter1", withLockFile: true);
        using (var staging = StagingDirectory.Allocate(tmp))
        {
            Assert.Equal(interrupted, staging.Path);
            Assert.Empty(Directory.EnumerateFileSystemEntries(interrupted));

            // Held by this transaction: another one does not take it.
            using var other = StagingDirectory.Allocate(tmp);
            Assert.NotEqual(interrupted, other.Path);
            other.Delete();
            staging.Delete();
        }
    }
}
