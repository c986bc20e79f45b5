using System.Diagnostics;
using System.Text;

namespace OstreeSharp.Interop.Tests.Infrastructure;

/// <summary>Runs an external program with arguments passed verbatim, capturing stdout (bytes) and stderr.</summary>
public static class ProcessRunner
{
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardErrorEncoding = new UTF8Encoding(false),
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (string a in arguments)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["TZ"] = "UTC";
        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                psi.Environment[k] = v;
            }
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("Could not start " + fileName);
        p.StandardInput.Close();
        var stdout = new MemoryStream();
        Task copy = p.StandardOutput.BaseStream.CopyToAsync(stdout);
        Task<string> err = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', psi.ArgumentList)} timed out");
        }
        p.WaitForExit();
        copy.Wait();
        return new ProcessResult(p.ExitCode, stdout.ToArray(), err.Result);
    }
}
