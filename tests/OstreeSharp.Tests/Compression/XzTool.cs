using System.Diagnostics;

namespace OstreeSharp.Tests.Compression;

/// <summary>Runs the real <c>xz</c>. Missing tool: tests fail when CI=true, otherwise they return early.</summary>
internal static class XzTool
{
    private static readonly Lazy<string?> Path = new(() =>
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            string candidate = System.IO.Path.Combine(dir, "xz");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    });

    public static bool Available()
    {
        if (Path.Value is not null)
        {
            return true;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("xz is not installed (CI=true). Install it with 'apt-get install -y xz-utils'.");
        }

        Console.WriteLine("xz not installed; skipping xz interoperability test");
        return false;
    }

    public static byte[] Compress(byte[] input, params string[] args) => Run(input, ["-c", "-z", .. args]);

    public static byte[] Decompress(byte[] input) => Run(input, ["-d", "-c"]);

    /// <summary>Runs <c>xz --robot --list -vv</c> on the data (which --list only reads from a file).</summary>
    public static string List(byte[] xz)
    {
        string file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"xzlist-{Guid.NewGuid():N}.xz");
        File.WriteAllBytes(file, xz);
        try
        {
            return System.Text.Encoding.UTF8.GetString(Run([], ["--robot", "--list", "-vv", file]));
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static byte[] Run(byte[] input, string[] args)
    {
        var psi = new ProcessStartInfo(Path.Value!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.ArgumentList.Add("-T1");
        using var p = Process.Start(psi)!;
        var output = new MemoryStream();
        Task copy = p.StandardOutput.BaseStream.CopyToAsync(output);
        Task<string> err = p.StandardError.ReadToEndAsync();
        p.StandardInput.BaseStream.Write(input);
        p.StandardInput.Close();
        copy.Wait();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"xz {string.Join(' ', args)} failed: {err.Result}");
        }

        return output.ToArray();
    }
}
