using System.Diagnostics;

namespace OstreeSharp.Interop.Tests.Crash;

/// <summary>Runs a command as a real child process and SIGKILLs it after a delay unless it finished first.</summary>
internal static class KilledRun
{
    /// <summary>Result: whether the kill hit a live process, and the exit code when it did not.</summary>
    public readonly record struct Outcome(bool Killed, int ExitCode, TimeSpan Elapsed, string Stderr);

    public static Outcome Run(string fileName, IEnumerable<string> arguments, TimeSpan? killAfter)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments)
            psi.ArgumentList.Add(a);
        psi.Environment["TZ"] = "UTC";
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("Could not start " + fileName);
        p.StandardInput.Close();
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        bool killed = false;
        if (killAfter is { } delay)
        {
            if (!p.WaitForExit(delay))
            {
                try
                {
                    p.Kill(); // SIGKILL on Unix: no handler, no finally blocks, no flushing
                    killed = true;
                }
                catch (InvalidOperationException)
                {
                    // exited between the wait and the kill
                }
            }
        }
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill();
            throw new TimeoutException($"{fileName} {string.Join(' ', psi.ArgumentList)} did not finish");
        }
        p.WaitForExit();
        sw.Stop();
        _ = stdout.Result;
        return new Outcome(killed, killed ? -9 : p.ExitCode, sw.Elapsed, stderr.Result);
    }
}
