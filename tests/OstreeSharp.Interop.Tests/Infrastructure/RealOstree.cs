using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Infrastructure;

/// <summary>
/// The reference implementation, <c>/usr/bin/ostree</c>. Tests call <see cref="IsAvailableOrSkip"/> first: when the
/// binary is missing it fails loudly under <c>CI=true</c> and otherwise writes a skip note and lets the test return.
/// </summary>
public static class RealOstree
{
    public const string BinaryPath = "/usr/bin/ostree";

    public static bool IsInstalled => File.Exists(BinaryPath);

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when ostree can be used; false (after logging) when the test should return early.</summary>
    public static bool IsAvailableOrSkip(ITestOutputHelper output)
    {
        if (IsInstalled)
        {
            return true;
        }
        if (IsCi)
        {
            throw new InvalidOperationException($"{BinaryPath} is required when CI=true: run eng/test.sh, which installs it (apt-get install ostree).");
        }
        output.WriteLine($"SKIPPED: {BinaryPath} is not installed (run eng/test.sh as root to install it).");
        return false;
    }

    /// <summary>Runs <c>ostree ARGS</c> with <c>TZ=UTC</c>.</summary>
    public static ProcessResult Run(params string[] args) => ProcessRunner.Run(BinaryPath, args);

    /// <summary>Runs ostree in <paramref name="workingDirectory"/>.</summary>
    public static ProcessResult RunIn(string workingDirectory, params string[] args) => ProcessRunner.Run(BinaryPath, args, workingDirectory);

    /// <summary>Runs ostree and asserts success; returns stdout.</summary>
    public static string RunChecked(params string[] args)
    {
        ProcessResult r = Run(args);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"ostree {string.Join(' ', args)} failed: {r}");
        }
        return r.Stdout;
    }
}
