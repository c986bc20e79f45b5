using OstreeSharp.Cli;
using OstreeSharp.Cli.Handlers;

namespace OstreeSharp.Interop.Tests.Infrastructure;

/// <summary>
/// Runs <c>ostree-sharp</c>. <c>Run</c> is in-process through <see cref="CliApplication.RunAsync"/> with a
/// buffered <see cref="CliConsole"/> (fast; handlers may be substituted); <c>RunProcess</c> starts
/// <c>dotnet ostree-sharp.dll</c> for what needs a real process (working directory, exit code plumbing).
/// </summary>
public static class CliRunner
{
    public static string AssemblyPath => typeof(CliApplication).Assembly.Location;

    public static ProcessResult Run(params string[] args) => Run(null, args);

    public static ProcessResult Run(CommandHandlers? handlers, params string[] args)
    {
        using CliConsole console = CliConsole.CreateBuffered();
        int exit = CliApplication.RunAsync(args, console, handlers).GetAwaiter().GetResult();
        return new ProcessResult(exit, console.GetOutputBytes(), console.GetErrorText());
    }

    public static ProcessResult RunProcess(string? workingDirectory, params string[] args) =>
        ProcessRunner.Run("dotnet", [AssemblyPath, .. args], workingDirectory);
}
