using System.Text.RegularExpressions;
using OstreeSharp.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Cli;

/// <summary>ostree-sharp's help, version and parse errors compared byte-for-byte with the real ostree.</summary>
public sealed partial class CliCompatibilityTests(ITestOutputHelper output)
{
    public static TheoryData<string> Commands => new(OstreeComparison.CommandNames);

    [Theory]
    [MemberData(nameof(Commands))]
    public void CommandHelpMatchesOstree(string command)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        ProcessResult expected = RealOstree.Run(command, "--help");
        ProcessResult actual = WithoutExtensions(CliRunner.Run(command, "--help"));
        OstreeComparison.AssertSameBehaviour(expected, actual, command + " --help");
        // Command groups (static-delta) print GLib's ASCII "[OPTION...]", as ostree does.
        string options = OstreeComparison.Find(command) is OstreeSharp.Cli.Commands.StaticDeltaCommand ? " [OPTION...]" : " [OPTION…]";
        Assert.Contains("Usage:\n  ostree-sharp " + command + options, actual.Stdout, StringComparison.Ordinal);

        // -h and help before the command name behave the same.
        OstreeComparison.AssertSameBehaviour(expected, WithoutExtensions(CliRunner.Run(command, "-h")), command + " -h");
        OstreeComparison.AssertSameBehaviour(expected, WithoutExtensions(CliRunner.Run("--help", command)), "--help " + command);
    }

    /// <summary>Drops the help lines of documented ostree-sharp-only options (marked "(ostree-sharp extension)").</summary>
    private static ProcessResult WithoutExtensions(ProcessResult r)
    {
        string kept = string.Concat(r.Stdout.Split('\n').Where(l => !l.Contains("(ostree-sharp extension)", StringComparison.Ordinal)).Select((l, i) => (i == 0 ? "" : "\n") + l));
        return r with { StdoutBytes = System.Text.Encoding.UTF8.GetBytes(kept) };
    }

    [Fact]
    public void GlobalHelpMatchesOstreeForImplementedCommands()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        ProcessResult expected = RealOstree.Run("--help");
        ProcessResult actual = CliRunner.Run("--help");
        OstreeComparison.AssertSameBehaviour(expected, actual, "--help");
        foreach (string name in OstreeComparison.CommandNames)
        {
            Assert.Contains("\n  " + name.PadRight(18), actual.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void VersionHasOstreeShape()
    {
        ProcessResult ours = CliRunner.Run("--version");
        Assert.Equal(0, ours.ExitCode);
        Assert.Equal("", ours.Stderr);
        Assert.Matches(VersionShape(), ours.Stdout);
        Assert.StartsWith("OstreeSharp:\n", ours.Stdout, StringComparison.Ordinal);
        Assert.Equal(ours.Stdout, CliRunner.Run("refs", "--version").Stdout);
        Assert.Equal(ours.Stdout, CliRunner.Run("-v", "--version").Stdout);
        Assert.Equal((0, ours.Stdout), (CliRunner.Run("remote", "--version").ExitCode, CliRunner.Run("remote", "--version", "bogus").Stdout));
        Assert.Equal((0, ours.Stdout), (CliRunner.Run("--version", "bogus").ExitCode, CliRunner.Run("--version", "bogus").Stdout));
        if (RealOstree.IsAvailableOrSkip(output))
        {
            ProcessResult theirs = RealOstree.Run("--version");
            Assert.Equal(0, theirs.ExitCode);
            Assert.Matches(VersionShape(), theirs.Stdout);
        }
    }

    [GeneratedRegex(@"\A[A-Za-z]+:\n Version: '[0-9][^'\n]*'\n Features:\n(  - [a-z0-9-]+\n)+\z")]
    private static partial Regex VersionShape();

    /// <summary>Arguments that fail (or print help) before any repository is touched.</summary>
    public static TheoryData<string[]> ParseCases => new()
    {
        new[] { "bogus" },
        Array.Empty<string>(),
        new[] { "--bogus" },
        new[] { "-v" },
        new[] { "bogus", "--repo=/nonexistent" },
        new[] { "--repo", "/nonexistent", "refs" },
        new[] { "--bogus", "refs" },
        new[] { "refs", "--bogus", "--repo=/nonexistent" },
        new[] { "refs", "-z" },
        new[] { "refs", "--rep=/x" },
        new[] { "refs", "--repo" },
        new[] { "refs", "--help=x" },
        new[] { "refs", "--bogus", "--help" },
        new[] { "refs", "--help", "--bogus" },
        new[] { "--version", "--bogus" },
        new[] { "-h", "bogus" },
        new[] { "bogus", "-h" },
        new[] { "commit", "-bs", "X" },
        new[] { "commit", "-sb", "X" },
        new[] { "commit", "-bx", "X" },
        new[] { "commit", "-xb", "X" },
        new[] { "commit", "-vb" },
        new[] { "commit", "-s" },
        new[] { "commit", "-bmain" },
        new[] { "commit", "--owner-uid=abc" },
        new[] { "commit", "--owner-uid", "99999999999" },
        new[] { "init", "--mode" },
        new[] { "ls", "-RCz" },
        new[] { "rev-parse", "-Smain" },
        new[] { "checksum" },
        // Command groups: ostree's two groups answer options differently (remote scans its own -v/--version/-h;
        // static-delta only looks for help and otherwise says "No command specified").
        new[] { "remote" },
        new[] { "remote", "--foo" },
        new[] { "remote", "-h" },
        new[] { "remote", "bogus" },
        new[] { "remote", "-v" },
        new[] { "remote", "-v", "bogus" },
        new[] { "static-delta", "--foo" },
        new[] { "static-delta", "--version" },
        new[] { "static-delta", "-h" },
        new[] { "static-delta", "-v" },
        new[] { "static-delta", "bogus", "-h" },
        new[] { "static-delta", "-h", "bogus" },
        new[] { "static-delta", "--foo", "-h", "bogus" },
        new[] { "static-delta", "-h", "list" },
        new[] { "static-delta", "-v", "--help", "list" },
        new[] { "static-delta", "-vh" },
        new[] { "static-delta", "--help-all", "bogus" },
        new[] { "static-delta", "-?" },
        new[] { "static-delta", "list", "-?" },
        new[] { "static-delta", "list", "--help-all" },
        new[] { "static-delta", "--foo", "list", "--repo=/nonexistent" },
        new[] { "remote", "--help-all", "bogus" },
        new[] { "remote", "-?" },
        new[] { "remote", "-h", "add" },
        new[] { "remote", "add", "-?" },
        new[] { "remote", "--foo", "-h" },
        new[] { "remote", "-h", "--foo" },
        // GOption's other built-in help options.
        new[] { "--help-all" },
        new[] { "-?" },
        new[] { "refs", "--help-all" },
        new[] { "refs", "-?" },
        new[] { "refs", "-v?" },
        new[] { "refs", "--help-all=x" },
    };

    [Theory]
    [MemberData(nameof(ParseCases))]
    public void ParseErrorsMatchOstree(string[] args)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        using var cwd = new TempDir();
        ProcessResult expected = RealOstree.RunIn(cwd.Path, args);
        ProcessResult actual = CliRunner.Run(args);
        OstreeComparison.AssertSameBehaviour(expected, actual, string.Join(' ', args));
    }

    /// <summary>Argument validation errors on an existing, empty repository (REPO is substituted).</summary>
    public static TheoryData<string[]> RepoUsageCases => new()
    {
        new[] { "log", "--repo=REPO" },
        new[] { "cat", "--repo=REPO" },
        new[] { "cat", "--repo=REPO", "main" },
        new[] { "ls", "--repo=REPO" },
        new[] { "checkout", "--repo=REPO" },
        new[] { "show", "--repo=REPO" },
        new[] { "rev-parse", "--repo=REPO" },
        new[] { "config", "--repo=REPO" },
        new[] { "config", "--repo=REPO", "get" },
        new[] { "config", "--repo=REPO", "unset" },
        new[] { "config", "--repo=REPO", "frob", "x" },
        new[] { "config", "--repo=REPO", "set", "core.foo" },
        new[] { "config", "--repo=REPO", "set", "a.b", "c", "d" },
        new[] { "config", "--repo=REPO", "get", "nodot" },
        new[] { "refs", "--repo=REPO", "--delete" },
        new[] { "refs", "--repo=REPO", "--create=x" },
        new[] { "refs", "--repo=REPO", "--create", "main" },
        new[] { "refs", "--repo=REPO", "--create=q", "a", "b" },
        new[] { "commit", "--repo=REPO", "--tree=dir=TREE" },
        new[] { "commit", "--repo=REPO", "-b", "x", "--tree=foo" },
        new[] { "commit", "--repo=REPO", "-b", "x", "--tree=foo=TREE" },
        new[] { "commit", "--repo=REPO", "-b", "x", "--tree=dir=TREE", "--add-metadata-string=novalue" },
        new[] { "commit", "--repo=REPO", "-b", "x", "--tree=dir=TREE", "--timestamp=garbage" },
        new[] { "commit", "--repo=REPO", "-b", "x", "--tree=dir=TREE", "--timestamp=1600000000" },
        new[] { "commit", "--repo=REPO", "-b", "x", "--tree=dir=TREE", "--fsync=maybe" },
    };

    [Theory]
    [MemberData(nameof(RepoUsageCases))]
    public void ArgumentValidationMatchesOstree(string[] template)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        using var tmp = new TempDir();
        string[] args = WithRepository(tmp, template);
        ProcessResult expected = RealOstree.RunIn(tmp.Path, args);
        ProcessResult actual = CliRunner.Run(new CapturingHandlers().Create(), args);
        OstreeComparison.AssertSameBehaviour(expected, actual, string.Join(' ', template));
    }

    /// <summary>
    /// An archive repository (with an empty commit on <c>main</c>) and an empty tree in <paramref name="tmp"/>, substituted
    /// for REPO, TREE and DEST (a path that does not exist yet) in <paramref name="template"/>.
    /// </summary>
    private static string[] WithRepository(TempDir tmp, string[] template)
    {
        string repo = tmp.Combine("repo");
        string tree = tmp.Combine("tree");
        Directory.CreateDirectory(tree);
        RealOstree.RunChecked("init", "--repo=" + repo, "--mode=archive");
        RealOstree.RunChecked("commit", "--repo=" + repo, "-b", "main", "--tree=dir=" + tree, "--timestamp=@0");
        return template.Select(a => a.Replace("REPO", repo, StringComparison.Ordinal)
            .Replace("TREE", tree, StringComparison.Ordinal)
            .Replace("DEST", tmp.Combine("dest"), StringComparison.Ordinal)).ToArray();
    }

    /// <summary>Conflicting flags that ostree (and the checkout handler) reject once the repository is open.</summary>
    public static TheoryData<string[]> HandlerValidationCases => new()
    {
        new[] { "checkout", "--repo=REPO", "--union", "--union-add", "main", "DEST" },
        new[] { "checkout", "--repo=REPO", "--union", "--union-identical", "main", "DEST" },
        new[] { "checkout", "--repo=REPO", "--union-add", "--union-identical", "main", "DEST" },
    };

    /// <summary>Like <see cref="ArgumentValidationMatchesOstree"/>, through the real handlers (the checks live there).</summary>
    [Theory]
    [MemberData(nameof(HandlerValidationCases))]
    public void HandlerValidationMatchesOstree(string[] template)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        using var tmp = new TempDir();
        string[] args = WithRepository(tmp, template);
        ProcessResult expected = RealOstree.RunIn(tmp.Path, args);
        ProcessResult actual = CliRunner.Run(args);
        OstreeComparison.AssertSameBehaviour(expected, actual, string.Join(' ', template));
        Assert.False(Directory.Exists(tmp.Combine("dest")), "a rejected checkout wrote its destination");
    }

    [Fact]
    public void MissingRepositoryIsReportedLikeOstree()
    {
        if (!RealOstree.IsAvailableOrSkip(output) || Directory.Exists("/sysroot/ostree/repo"))
        {
            output.WriteLine("SKIPPED: needs ostree and no /sysroot/ostree/repo");
            return;
        }
        using var cwd = new TempDir();
        foreach (string command in new[] { "refs", "log", "fsck", "cat" })
        {
            ProcessResult expected = RealOstree.RunIn(cwd.Path, command);
            ProcessResult actual = CliRunner.RunProcess(cwd.Path, command);
            OstreeComparison.AssertSameBehaviour(expected, actual, command + " without --repo");
        }
    }

    [Fact]
    public void ProcessEntryPointReturnsOstreeExitCodes()
    {
        using var cwd = new TempDir();
        ProcessResult version = CliRunner.RunProcess(cwd.Path, "--version");
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(VersionShape(), version.Stdout);
        ProcessResult bogus = CliRunner.RunProcess(cwd.Path, "bogus");
        Assert.Equal(1, bogus.ExitCode);
        Assert.EndsWith("\nerror: Unknown command 'bogus'\n", bogus.Stderr, StringComparison.Ordinal);
        Assert.Equal("", bogus.Stdout);
    }
}
