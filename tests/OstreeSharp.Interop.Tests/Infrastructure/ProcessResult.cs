using System.Text;

namespace OstreeSharp.Interop.Tests.Infrastructure;

/// <summary>What a command printed and returned.</summary>
public sealed record ProcessResult(int ExitCode, byte[] StdoutBytes, string Stderr)
{
    public string Stdout => Encoding.UTF8.GetString(StdoutBytes);

    public override string ToString() => $"exit {ExitCode}\n--- stdout:\n{Stdout}\n--- stderr:\n{Stderr}";
}
