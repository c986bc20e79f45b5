using System.Diagnostics;

namespace OstreeSharp.Tests.Compression;

/// <summary>
/// A command-line tool found on PATH (<c>xz</c>, <c>zstd</c>) run with bytes on stdin. Missing tool: tests fail when
/// CI=true, otherwise they return early.
/// </summary>
internal sealed class ExternalTool(string name, string package)
{
    private readonly Lazy<string?> _path = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':')
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists));

    public bool Available()
    {
        if (_path.Value is not null)
        {
            return true;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"{name} is not installed (CI=true). Install it with 'apt-get install -y {package}'.");
        }

        Console.WriteLine($"{name} not installed; skipping {name} interoperability test");
        return false;
    }

    /// <summary>Runs the tool with <paramref name="input"/> on stdin; returns stdout, throws on a non-zero exit.</summary>
    public byte[] Run(byte[] input, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(_path.Value!)
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
            throw new InvalidOperationException($"{name} {string.Join(' ', psi.ArgumentList)} failed: {err.Result}");
        }

        return output.ToArray();
    }

    /// <summary>Writes <paramref name="input"/> to a temporary file, runs the tool with <c>ARGS FILE</c>, deletes the file.</summary>
    public byte[] RunOnFile(byte[] input, string[] args, string suffix = "")
    {
        string file = Path.Combine(Path.GetTempPath(), $"{name}-in-{Guid.NewGuid():N}{suffix}");
        File.WriteAllBytes(file, input);
        try
        {
            return Run([], [.. args, file]);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
