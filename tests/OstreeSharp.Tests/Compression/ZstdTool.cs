using System.Diagnostics;

namespace OstreeSharp.Tests.Compression;

/// <summary>Runs the real <c>zstd</c>. Missing tool: tests fail when CI=true, otherwise they return early.</summary>
internal static class ZstdTool
{
    private static readonly Lazy<string?> Path = new(() =>
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            string candidate = System.IO.Path.Combine(dir, "zstd");
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
            Assert.Fail("zstd is not installed (CI=true). Install it with 'apt-get install -y zstd'.");
        }

        Console.WriteLine("zstd not installed; skipping zstd interoperability test");
        return false;
    }

    /// <summary>Compresses through a pipe: the content size is unknown to zstd, so frames carry no content size
    /// and the window is the level's.</summary>
    public static byte[] Compress(byte[] input, params string[] args) => Run(input, ["-c", "-q", .. args]);

    /// <summary>Compresses a file: the frame header declares the content size (single-segment when small).</summary>
    public static byte[] CompressFile(byte[] input, params string[] args)
    {
        string file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"zstd-in-{Guid.NewGuid():N}");
        File.WriteAllBytes(file, input);
        try
        {
            return Run([], ["-c", "-q", .. args, file]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static byte[] Decompress(byte[] input, params string[] args) => Run(input, ["-d", "-c", "-q", .. args]);

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
            throw new InvalidOperationException($"zstd {string.Join(' ', args)} failed: {err.Result}");
        }

        return output.ToArray();
    }
}
