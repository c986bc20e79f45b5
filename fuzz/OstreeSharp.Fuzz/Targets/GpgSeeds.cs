using System.Diagnostics;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>Seed material made by the real gpg in a throw-away home (null when gpg is missing or fails).</summary>
internal static class GpgSeeds
{
    /// <summary>
    /// Runs <paramref name="make"/> with a fresh GNUPGHOME holding one new signing key of <paramref name="algo"/>;
    /// the home and its agent are removed afterwards.
    /// </summary>
    public static byte[]? WithNewKey(string algo, Func<string, byte[]?> make)
    {
        string home = Path.Combine(Path.GetTempPath(), "ostreesharp-fuzz-gpg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(home);
        try
        {
            return Gpg(home, "--quick-gen-key", "Fuzz <fuzz@example.invalid>", algo, "sign", "never") is null ? null : make(home);
        }
        finally
        {
            Run("gpgconf", home, ["--kill", "gpg-agent"]);
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>gpg in batch mode with an empty passphrase; its stdout, or null on failure.</summary>
    public static byte[]? Gpg(string home, params string[] args) =>
        Run("gpg", home, ["--batch", "--pinentry-mode", "loopback", "--passphrase", "", .. args]);

    private static byte[]? Run(string tool, string home, string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.Environment["GNUPGHOME"] = home;
            foreach (var a in args)
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var output = new MemoryStream();
            var copy = p.StandardOutput.BaseStream.CopyToAsync(output);
            _ = p.StandardError.ReadToEnd();
            copy.Wait();
            p.WaitForExit();
            return p.ExitCode == 0 ? output.ToArray() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
