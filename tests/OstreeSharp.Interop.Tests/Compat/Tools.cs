using OstreeSharp.Interop.Tests.Infrastructure;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary>Runs the same command through the real ostree and ostree-sharp and compares what they print.</summary>
internal static class Tools
{
    public static readonly string[] Modes = ["archive", "bare", "bare-user", "bare-user-only"];

    /// <summary>ostree-sharp, in process.</summary>
    public static ProcessResult Ours(params string[] args) => CliRunner.Run(args);

    /// <summary>The real ostree.</summary>
    public static ProcessResult Theirs(params string[] args) => RealOstree.Run(args);

    /// <summary>Runs one of the two tools by name ("ostree" or "ostree-sharp").</summary>
    public static ProcessResult Run(string tool, params string[] args) => tool switch
    {
        "ostree" => Theirs(args),
        "ostree-sharp" => Ours(args),
        _ => throw new ArgumentOutOfRangeException(nameof(tool), tool, null),
    };

    public static string Checked(string tool, params string[] args)
    {
        ProcessResult r = Run(tool, args);
        Assert.True(r.ExitCode == 0, $"{tool} {string.Join(' ', args)} failed: {r}");
        return r.Stdout;
    }

    /// <summary>Exit code, stdout bytes and stderr must all be equal.</summary>
    public static void AssertSame(ProcessResult theirs, ProcessResult ours, string what)
    {
        Assert.True(theirs.ExitCode == ours.ExitCode,
            $"exit code differs for {what}: ostree {theirs.ExitCode}, ostree-sharp {ours.ExitCode}\n--- ostree:\n{theirs}\n--- ostree-sharp:\n{ours}");
        Assert.True(theirs.Stderr == ours.Stderr, $"stderr differs for {what}:\n--- ostree:\n{theirs.Stderr}\n--- ostree-sharp:\n{ours.Stderr}");
        if (!theirs.StdoutBytes.AsSpan().SequenceEqual(ours.StdoutBytes))
        {
            Assert.Equal(theirs.Stdout, ours.Stdout); // readable diff for text
            Assert.Fail($"stdout bytes differ for {what} ({theirs.StdoutBytes.Length} vs {ours.StdoutBytes.Length} bytes)");
        }
    }

    /// <summary>Runs <paramref name="args"/> through both tools and asserts identical results; returns ostree's.</summary>
    public static ProcessResult AssertSameOutput(params string[] args)
    {
        ProcessResult theirs = Theirs(args);
        ProcessResult ours = Ours(args);
        AssertSame(theirs, ours, string.Join(' ', args));
        return theirs;
    }

    /// <summary>Lines sorted ordinally (for listings whose order ostree leaves unspecified, e.g. <c>refs</c>).</summary>
    public static string SortedLines(string text) =>
        string.Join('\n', text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
}
