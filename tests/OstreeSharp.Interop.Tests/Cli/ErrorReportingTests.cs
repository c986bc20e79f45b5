using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Cli.Handlers;
using OstreeSharp.Interop.Tests.Infrastructure;

namespace OstreeSharp.Interop.Tests.Cli;

/// <summary>Exceptions thrown by handlers become ostree's <c>error: MESSAGE</c> with exit code 1.</summary>
public sealed class ErrorReportingTests
{
    private static ProcessResult RunLogThrowing(Exception e, params string[] extra)
    {
        CommandHandlers handlers = new CapturingHandlers().Create();
        handlers.Log = new DelegateCommandHandler<LogCommandOptions>((_, _, _) => throw e);
        return CliRunner.Run(handlers, ["log", "--repo=/r", "main", .. extra]);
    }

    [Fact]
    public void LibraryExceptionsPrintErrorLine()
    {
        ProcessResult r = RunLogThrowing(new OstreeException("Refspec 'main' not found"));
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("error: Refspec 'main' not found\n", r.Stderr);
        Assert.Equal("", r.Stdout);

        r = RunLogThrowing(new InvalidDataException("Corrupted commit object"));
        Assert.Equal((1, "error: Corrupted commit object\n"), (r.ExitCode, r.Stderr));
    }

    [Fact]
    public void UsageExceptionsPrintHelpThenBlankLineThenError()
    {
        ProcessResult r = RunLogThrowing(new CliUsageException("A rev argument is required"));
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("Usage:\n  ostree-sharp log [OPTION…] REV\n", r.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("exit\n\n\nerror: A rev argument is required\n", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void UnexpectedExceptionsShowStackOnlyWhenVerbose()
    {
        ProcessResult quiet = RunLogThrowing(new InvalidOperationException("unexpected"));
        Assert.Equal("error: unexpected\n", quiet.Stderr);
        ProcessResult verbose = RunLogThrowing(new InvalidOperationException("unexpected"), "-v");
        Assert.StartsWith("error: unexpected\nSystem.InvalidOperationException", verbose.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, verbose.ExitCode);
    }

    [Fact]
    public void HandlerExitCodeIsReturned()
    {
        CommandHandlers handlers = new CapturingHandlers().Create();
        handlers.Refs = new DelegateCommandHandler<RefsCommandOptions>((_, ctx, _) =>
        {
            ctx.Console.Out.Write("main\n");
            return Task.FromResult(3);
        });
        ProcessResult r = CliRunner.Run(handlers, "refs", "--repo=/r");
        Assert.Equal((3, "main\n", ""), (r.ExitCode, r.Stdout, r.Stderr));
    }

    [Fact]
    public void RawOutputInterleavesWithText()
    {
        CommandHandlers handlers = new CapturingHandlers().Create();
        handlers.Cat = new DelegateCommandHandler<CatCommandOptions>((o, ctx, _) =>
        {
            ctx.Console.Out.Write("a");
            ctx.Console.OpenRawOutput().Write([0x00, 0xFF]);
            ctx.Console.Out.Write("b");
            return Task.FromResult(0);
        });
        ProcessResult r = CliRunner.Run(handlers, "cat", "--repo=/r", "main", "/x");
        Assert.Equal(new byte[] { (byte)'a', 0x00, 0xFF, (byte)'b' }, r.StdoutBytes);
    }

    [Fact]
    public void ProgressIsSilentWhenStderrIsNotATerminal()
    {
        CommandHandlers handlers = new CapturingHandlers().Create();
        handlers.Fsck = new DelegateCommandHandler<FsckCommandOptions>((_, ctx, _) =>
        {
            using var progress = ctx.StartProgress("fsck");
            Assert.IsType<OstreeSharp.Cli.Progress.NullProgressSession>(progress);
            progress.Report(new(1, 2, 10, 20));
            return Task.FromResult(0);
        });
        ProcessResult r = CliRunner.Run(handlers, "fsck", "--repo=/r");
        Assert.Equal((0, "", ""), (r.ExitCode, r.Stdout, r.Stderr));
    }
}
