using System.Diagnostics;

namespace OstreeSharp.Tests.Signing.OpenPgp;

/// <summary>Runs gpg in batch mode with a loopback passphrase.</summary>
public static class GpgTool
{
    public static string? Find()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, "gpg")))
            {
                return Path.Combine(dir, "gpg");
            }
        }
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("gpg not found (CI=true): install it with 'apt-get install -y gnupg'.");
        }
        return null;
    }

    public static byte[] Run(string gpg, string home, string passphrase, byte[]? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo(gpg)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["GNUPGHOME"] = home;
        foreach (string a in new[] { "--batch", "--pinentry-mode", "loopback", "--passphrase", passphrase })
        {
            psi.ArgumentList.Add(a);
        }
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdoutTask = Task.Run(() =>
        {
            using var ms = new MemoryStream();
            p.StandardOutput.BaseStream.CopyTo(ms);
            return ms.ToArray();
        });
        if (stdin is not null)
        {
            p.StandardInput.BaseStream.Write(stdin);
        }
        p.StandardInput.Close();
        p.WaitForExit();
        byte[] stdout = stdoutTask.Result;
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"gpg {string.Join(' ', args)} failed ({p.ExitCode}): {stderr.Result}");
        }
        return stdout;
    }

    public static void KillAgent(string home)
    {
        try
        {
            var psi = new ProcessStartInfo("gpgconf", ["--kill", "gpg-agent"]) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            psi.Environment["GNUPGHOME"] = home;
            using var p = Process.Start(psi);
            p?.WaitForExit(10_000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }
}
