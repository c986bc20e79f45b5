using System.Diagnostics;
using OstreeSharp.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Crash;

/// <summary>
/// Runs one <see cref="CrashOperation"/> repeatedly through the built CLI as a real child process and SIGKILLs it
/// after a random delay spread over the command's measured run time. After every kill: the repository invariants
/// (<see cref="RepoInvariants"/>) hold; read-only commands left objects/ and refs/ untouched; the next commit by
/// ostree-sharp and by the real ostree succeed; stale staging directories are reused or cleaned (their number stays
/// bounded). The repository is recreated every <see cref="IterationsPerRepository"/> iterations to bound fsck time.
/// </summary>
internal sealed class CrashHarness(CrashOperation operation, ITestOutputHelper output, int seed)
{
    public const int IterationsPerRepository = 8;

    private readonly Random _rng = new(seed);

    public sealed record Summary(int Iterations, int Killed, int Completed, TimeSpan RunTime, TimeSpan Elapsed,
        TimeSpan InKilledRuns, TimeSpan InChecks, TimeSpan InNextCommits);

    public Summary Run(string root, string tree, string smallTree, int iterations)
    {
        var total = Stopwatch.StartNew();
        int killed = 0, completed = 0;
        var inRuns = new Stopwatch();
        var inChecks = new Stopwatch();
        var inNext = new Stopwatch();
        string repo = "";
        TimeSpan startup = TimeSpan.Zero, runTime = TimeSpan.Zero;
        int done = 0;
        // At least `iterations` runs; when the machine's speed changed under the measurement and too many runs finished
        // before their kill, go on (up to three times as many runs) until half of them were killed while running.
        for (int i = 0; i < iterations || (killed * 2 < i && i < iterations * 3); i++, done++)
        {
            if (i % IterationsPerRepository == 0)
            {
                repo = Path.Combine(root, $"repo-{i}");
                CreateRepository(repo, tree);
                if (i == 0)
                {
                    // Measure: the CLI's start-up, and one complete run of the operation.
                    startup = KilledRun.Run("dotnet", [CliRunner.AssemblyPath, "--version"], null).Elapsed;
                    var ctx0 = new CrashContext(repo, tree, Path.Combine(root, "measure"), -1);
                    operation.BeforeIteration?.Invoke(ctx0);
                    var full = KilledRun.Run("dotnet", [CliRunner.AssemblyPath, .. operation.Arguments(ctx0)], null);
                    Assert.True(full.ExitCode == 0, $"{operation.Name}: the uninterrupted run failed: {full.Stderr}");
                    runTime = full.Elapsed;
                    output.WriteLine($"{operation.Name}: start-up {startup.TotalMilliseconds:F0} ms, full run {runTime.TotalMilliseconds:F0} ms");
                    AssertInvariants(repo, "after the uninterrupted run");
                }
            }
            var ctx = new CrashContext(repo, tree, Path.Combine(root, "scratch-" + i), i);
            operation.BeforeIteration?.Invoke(ctx);
            string? before = operation.WritesRepository ? null : RepoInvariants.Fingerprint(repo);

            // Spread the kills from half the start-up time to a little past the measured end of the run.
            double lo = startup.TotalMilliseconds * 0.5, hi = Math.Max(runTime.TotalMilliseconds * 1.05, lo + 1);
            var delay = TimeSpan.FromMilliseconds(lo + _rng.NextDouble() * (hi - lo));
            inRuns.Start();
            var outcome = KilledRun.Run("dotnet", [CliRunner.AssemblyPath, .. operation.Arguments(ctx)], delay);
            inRuns.Stop();
            if (outcome.Killed)
            {
                killed++;
            }
            else
            {
                completed++;
                // The machine may be slower or faster than when measured: follow the completed runs, at once when faster.
                runTime = outcome.Elapsed < runTime ? outcome.Elapsed : TimeSpan.FromTicks((runTime.Ticks * 3 + outcome.Elapsed.Ticks) / 4);
            }
            Assert.True(outcome.Killed || outcome.ExitCode == 0,
                $"{operation.Name} #{i}: not killed but failed (exit {outcome.ExitCode}): {outcome.Stderr}");
            string what = $"#{i} after a kill at {delay.TotalMilliseconds:F0} ms ({(outcome.Killed ? "killed" : "had finished")})";

            inChecks.Start();
            AssertInvariants(repo, what);
            if (before is not null)
                Assert.True(before == RepoInvariants.Fingerprint(repo), $"{operation.Name} {what}: objects/ or refs/ changed");
            inChecks.Stop();

            // The next commits succeed, and stale staging directories do not pile up.
            inNext.Start();
            var ours = CliRunner.Run("commit", "--repo=" + repo, "-b", "next-ours", "--tree=dir=" + smallTree, "--add-metadata-string=i=" + i);
            Assert.True(ours.ExitCode == 0, $"{operation.Name} {what}: ostree-sharp's next commit failed: {ours}");
            var staging = RepoInvariants.StagingDirectories(repo);
            Assert.True(staging.Count <= 1, $"{operation.Name} {what}: staging directories left after ostree-sharp's commit: {string.Join(", ", staging)}");
            var theirs = RealOstree.Run("commit", "--repo=" + repo, "-b", "next-ostree", "--tree=dir=" + smallTree, "--add-metadata-string=i=" + i);
            Assert.True(theirs.ExitCode == 0, $"{operation.Name} {what}: ostree's next commit failed: {theirs}");
            var problems = RepoInvariants.Check(repo, runFsck: false);
            Assert.True(problems.Count == 0, $"{operation.Name} {what}, after the next commits:\n{string.Join('\n', problems)}");
            inNext.Stop();
            if (Directory.Exists(ctx.Scratch))
                Directory.Delete(ctx.Scratch, recursive: true);
        }
        AssertInvariants(repo, "at the end");
        total.Stop();
        var summary = new Summary(done, killed, completed, runTime, total.Elapsed, inRuns.Elapsed, inChecks.Elapsed, inNext.Elapsed);
        output.WriteLine($"{operation.Name}: {summary}");
        return summary;
    }

    private void AssertInvariants(string repo, string when)
    {
        var problems = RepoInvariants.Check(repo);
        Assert.True(problems.Count == 0, $"{operation.Name} {when}:\n{string.Join('\n', problems)}");
    }

    private void CreateRepository(string repo, string tree)
    {
        RealOstree.RunChecked("init", "--repo=" + repo, "--mode=" + operation.RepoMode);
        RealOstree.RunChecked("commit", "--repo=" + repo, "-b", "base", "--tree=dir=" + tree, "--timestamp=@1600000000");
    }
}
