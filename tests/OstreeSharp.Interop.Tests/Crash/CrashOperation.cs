namespace OstreeSharp.Interop.Tests.Crash;

/// <summary>Where one crash iteration runs: the repository, the input trees and a scratch directory.</summary>
public sealed record CrashContext(string Repo, string Tree, string Scratch, int Iteration);

/// <summary>
/// An ostree-sharp command that <see cref="CrashHarness"/> kills with SIGKILL at random points. Adding a command is
/// one line in <see cref="CrashTests.Operations"/>, e.g. <c>new("prune", "archive", c =&gt; ["prune", "--repo=" + c.Repo, "--refs-only"])</c>.
/// </summary>
/// <param name="Name">Test case name.</param>
/// <param name="RepoMode">Mode of the repository the command runs on (created by the real ostree).</param>
/// <param name="Arguments">The command line for an iteration.</param>
/// <param name="WritesRepository">False for read-only commands (checkout): then objects/ and refs/ must be unchanged.</param>
/// <param name="BeforeIteration">Optional preparation run before each iteration (e.g. make garbage for prune).</param>
public sealed record CrashOperation(
    string Name,
    string RepoMode,
    Func<CrashContext, string[]> Arguments,
    bool WritesRepository = true,
    Action<CrashContext>? BeforeIteration = null)
{
    public override string ToString() => Name;
}
