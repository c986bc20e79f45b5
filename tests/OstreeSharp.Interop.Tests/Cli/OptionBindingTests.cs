using OstreeSharp.Cli.Commands;
using OstreeSharp.Interop.Tests.Infrastructure;

namespace OstreeSharp.Interop.Tests.Cli;

/// <summary>GOption-style argv is bound into the typed options records the handlers receive.</summary>
public sealed class OptionBindingTests
{
    private static (ProcessResult Result, CapturingHandlers Handlers) Run(params string[] args)
    {
        var handlers = new CapturingHandlers();
        ProcessResult result = CliRunner.Run(handlers.Create(), args);
        return (result, handlers);
    }

    [Theory]
    [InlineData("--repo=/r", "refs")]
    [InlineData("refs", "--repo=/r")]
    [InlineData("refs", "--repo", "/r")]
    [InlineData("refs", "--repo=/elsewhere", "--repo=/r")]
    public void RepoIsAcceptedBeforeAndAfterTheCommand(params string[] args)
    {
        var (result, h) = Run(args);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("/r", h.Get<RefsCommandOptions>().Repository);
    }

    [Fact]
    public void CommitBindsEveryKindOfOption()
    {
        var (result, h) = Run("commit", "--repo=/r", "-b", "main", "-s", "first", "-s", "second", "-m", "body",
            "--tree=dir=/a", "--tree=tar=/b.tar", "--tree=ref=main^", "--add-metadata-string=k=1", "--add-metadata-string=k=2",
            "--add-metadata=n=uint32 5", "--add-detached-metadata-string=d=v", "--keep-metadata=keep", "--owner-uid=0x10",
            "--owner-gid", "-5", "--timestamp=@1600000000", "--fsync=no", "-I", "--generate-sizes", "--table-output",
            "-vb", "other", "/positional");
        Assert.True(result.ExitCode == 0, result.ToString());
        var o = h.Get<CommitCommandOptions>();
        Assert.Equal("other", o.Branch);
        Assert.Equal("second", o.Subject);
        Assert.Equal("body", o.Body);
        Assert.Equal(
            [new(CommitTreeKind.Directory, "/a"), new(CommitTreeKind.Tar, "/b.tar"), new(CommitTreeKind.Ref, "main^"), new CommitTreeSource(CommitTreeKind.Directory, "/positional")],
            o.Trees);
        Assert.Equal([new("k", "1"), new("k", "2")], o.AddMetadataStrings);
        Assert.Equal([new("n", "uint32 5")], o.AddMetadata);
        Assert.Equal([new("d", "v")], o.AddDetachedMetadataStrings);
        Assert.Equal(["keep"], o.KeepMetadata);
        Assert.Equal(16, o.OwnerUid);
        Assert.Equal(-5, o.OwnerGid);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1600000000), o.Timestamp);
        Assert.False(o.Fsync);
        Assert.True(o.DevinoCanonical);
        Assert.True(o.LinkCheckoutSpeedup);
        Assert.True(o.GenerateSizes);
        Assert.True(o.TableOutput);
        Assert.True(h.Context!.Verbose);
    }

    [Fact]
    public void ValueTakingOptionConsumesDoubleDash()
    {
        var (result, h) = Run("commit", "--repo=/r", "-b", "x", "-s", "--", "--tree=dir=/t");
        Assert.Equal(0, result.ExitCode);
        var o = h.Get<CommitCommandOptions>();
        Assert.Equal("--", o.Subject);
        Assert.Equal([new CommitTreeSource(CommitTreeKind.Directory, "/t")], o.Trees);
    }

    [Fact]
    public void DoubleDashEndsOptionsAndOptionsMayFollowPositionals()
    {
        var (result, h) = Run("rev-parse", "main", "--repo=/r", "--", "-bad", "--single");
        Assert.Equal(0, result.ExitCode);
        var o = h.Get<RevParseCommandOptions>();
        Assert.Equal(["main", "-bad", "--single"], o.Revs);
        Assert.False(o.Single);
    }

    [Fact]
    public void ShortFlagsBundle()
    {
        var (result, h) = Run("fsck", "-qa", "--repo=/r", "--verify-back-refs");
        Assert.Equal(0, result.ExitCode);
        var o = h.Get<FsckCommandOptions>();
        Assert.True(o.Quiet);
        Assert.True(o.All);
        Assert.True(o.VerifyBindings);

        (result, h) = Run("ls", "-RCX", "--repo=/r", "main", "/usr", "/etc");
        Assert.Equal(0, result.ExitCode);
        var ls = h.Get<LsCommandOptions>();
        Assert.True(ls.Recursive && ls.Checksum && ls.Xattrs && !ls.DirectoryOnly);
        Assert.Equal(["/usr", "/etc"], ls.Paths);
    }

    [Fact]
    public void FlagWithValueIsAcceptedLikeGOption()
    {
        var (result, h) = Run("checkout", "--repo=/r", "--union=x", "main", "/dest");
        Assert.Equal(0, result.ExitCode);
        var o = h.Get<CheckoutCommandOptions>();
        Assert.True(o.Union);
        Assert.Equal("main", o.Commit);
        Assert.Equal("/dest", o.Destination);
    }

    [Theory]
    [InlineData("core.mode", null, "core", "mode")]
    [InlineData("remote \"origin\".url", null, "remote \"origin\"", "url")]
    [InlineData("url", "remote \"origin\"", "remote \"origin\"", "url")]
    public void ConfigKeysSplitAtTheLastDot(string key, string? group, string section, string name)
    {
        string[] args = group is null ? ["config", "--repo=/r", "get", key] : ["config", "--repo=/r", "--group=" + group, "get", key];
        var (result, h) = Run(args);
        Assert.Equal(0, result.ExitCode);
        var o = h.Get<ConfigCommandOptions>();
        Assert.Equal(ConfigOperation.Get, o.Operation);
        Assert.Equal(section, o.Section);
        Assert.Equal(name, o.Key);
    }

    [Theory]
    [InlineData("@0", 0L)]
    [InlineData("2020-01-01T00:00:00Z", 1577836800L)]
    [InlineData("2020-01-01T00:00:00+02:00", 1577829600L)]
    [InlineData("2020-01-02 03:04:05Z", 1577934245L)]
    public void TimestampsParse(string text, long unix)
    {
        var (result, h) = Run("commit", "--repo=/r", "-b", "x", "--timestamp=" + text);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(unix, h.Get<CommitCommandOptions>().Timestamp!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public void ChecksumTakesNoRepository()
    {
        var (result, h) = Run("checksum", "--ignore-xattrs", "/etc/hostname", "ignored");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(new ChecksumCommandOptions { Path = "/etc/hostname", IgnoreXattrs = true }, h.Get<ChecksumCommandOptions>());
        (result, _) = Run("checksum", "--repo=/r", "x");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: Unknown option --repo=/r\n", result.Stderr);
    }

    [Fact]
    public void ParseErrorsNeverReachTheHandler()
    {
        var (result, h) = Run("log", "--repo=/r", "--bogus", "main");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(0, h.Calls);
        Assert.Equal("error: Unknown option --bogus\n", result.Stderr);
    }
}

public sealed class CanonicalValueTests
{
    [Theory]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("--")]
    [InlineData("a=b:c")]
    [InlineData("@file")]
    [InlineData("with space")]
    public void StringValuesSurviveVerbatim(string value)
    {
        var handlers = new CapturingHandlers();
        ProcessResult r = CliRunner.Run(handlers.Create(), "commit", "--repo=/r", "-b", "x", "-s", value, "--add-metadata-string=k=" + value, "--tree=dir=" + value);
        Assert.True(r.ExitCode == 0, r.ToString());
        var o = handlers.Get<CommitCommandOptions>();
        Assert.Equal(value, o.Subject);
        Assert.Equal([new("k", value)], o.AddMetadataStrings);
        Assert.Equal([new CommitTreeSource(CommitTreeKind.Directory, value)], o.Trees);
    }
}
