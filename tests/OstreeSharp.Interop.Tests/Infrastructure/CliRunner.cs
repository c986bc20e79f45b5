using OstreeSharp.Cli;
using OstreeSharp.Cli.Handlers;

namespace OstreeSharp.Interop.Tests.Infrastructure;

/// <summary>
/// Runs <c>ostree-sharp</c>. <c>Run</c> is in-process through <see cref="CliApplication.RunAsync"/> with a
/// buffered <see cref="CliConsole"/> (fast; handlers may be substituted); <c>RunProcess</c> starts
/// <c>dotnet ostree-sharp.dll</c> for what needs a real process (working directory, exit code plumbing).
/// With <c>OSTREE_SHARP_CLI=/path/to/ostree-sharp</c> set, both run that executable as a process instead (e.g. the
/// Native AOT build of the linux-x64 tool package), so the compatibility tests can check what ships; calls that
/// substitute handlers stay in-process.
/// </summary>
public static class CliRunner
{
    private static readonly string? External = Environment.GetEnvironmentVariable("OSTREE_SHARP_CLI") is { Length: > 0 } e ? e : null;

    public static string AssemblyPath => typeof(CliApplication).Assembly.Location;

    public static ProcessResult Run(params string[] args) => Run(null, args);

    public static ProcessResult Run(CommandHandlers? handlers, params string[] args)
    {
        if (handlers is null && External is { } executable)
        {
            return ProcessRunner.Run(executable, args);
        }
        using CliConsole console = CliConsole.CreateBuffered();
        int exit = CliApplication.RunAsync(args, console, handlers).GetAwaiter().GetResult();
        return new ProcessResult(exit, console.GetOutputBytes(), console.GetErrorText());
    }

    public static ProcessResult RunProcess(string? workingDirectory, params string[] args) => External is { } executable
        ? ProcessRunner.Run(executable, args, workingDirectory)
        : ProcessRunner.Run("dotnet", [AssemblyPath, .. args], workingDirectory);
}
