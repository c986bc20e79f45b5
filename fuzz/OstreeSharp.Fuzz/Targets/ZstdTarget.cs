using System.Diagnostics;
using System.Text;
using OstreeSharp.Compression;
using OstreeSharp.Fuzz.Engine;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>
/// <see cref="ZstdDecoderStream"/> on arbitrary bytes, read twice (64 KiB reads and 7-byte reads): both runs must agree
/// on the output (up to 4 MiB) and on whether the input is rejected. Seeds come from the real <c>zstd</c> when
/// installed (levels 1 to 19, RLE-heavy, incompressible, multithreaded, concatenated and skippable frames), plus a
/// hand-made raw/RLE frame.
/// </summary>
public sealed class ZstdTarget : FuzzTarget
{
    private const int OutputCap = 4 << 20;
    private static readonly ZstdDecoderOptions Options = new() { MaxWindowSize = 16L << 20 };
    private readonly byte[] _big = new byte[64 * 1024];
    private readonly byte[] _small = new byte[7];

    public override string Name => "zstd";

    public override string Description => "ZstdDecoderStream (Zstandard, RFC 8878) read with large and tiny buffers; results must agree";

    public override TimeSpan Timeout => TimeSpan.FromSeconds(10);

    public override IEnumerable<byte[]> Seeds(SeedMaterial material)
    {
        byte[] text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 300).Select(i => $"ostree tar entry {i % 17} usr/lib/x{i % 5} ")));
        var random = new byte[3000];
        new Random(1).NextBytes(random);
        byte[] runs = [.. Enumerable.Repeat((byte)'z', 3000), .. random.AsSpan(0, 40), .. Enumerable.Repeat((byte)0, 500)];
        var seeds = new List<byte[]>();
        foreach ((byte[] data, string[] args) in new (byte[], string[])[]
        {
            (text, ["-1"]), (text, ["-19", "--check"]), (text[..200], ["-3"]), (random, ["-3", "--no-check"]),
            (runs, ["-1"]), ([], ["-3"]), ([.. text, .. random, .. runs], ["-9", "-B2048"]), (text, ["--ultra", "-22"]),
        })
        {
            if (RunZstd(data, args) is { } compressed)
            {
                seeds.Add(compressed);
            }
        }

        if (seeds.Count >= 2)
        {
            seeds.Add([.. seeds[0], 0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 1, 2, 3, .. seeds[^1]]);
        }

        // Hand-made (for when zstd is missing): single-segment frame, raw block "abc" then RLE block of 5 'x'.
        seeds.Add([0x28, 0xB5, 0x2F, 0xFD, 0x20, 8, 0x18, 0, 0, (byte)'a', (byte)'b', (byte)'c', (5 << 3) | 2 | 1, 0, 0, (byte)'x']);
        return seeds;
    }

    public override void Execute(byte[] input)
    {
        (byte[]? a, string? ea) = Decode(input, _big);
        (byte[]? b, string? eb) = Decode(input, _small);
        if ((a is null) != (b is null) || (a is not null && !a.AsSpan().SequenceEqual(b)))
        {
            throw new FuzzInvariantException($"zstd decode differs by read size: 64K reads {(a is null ? ea : a.Length + " bytes")}, 7-byte reads {(b is null ? eb : b.Length + " bytes")}");
        }

        if (a is null)
        {
            throw new ZstdFormatException(ea!);
        }
    }

    private static (byte[]? Output, string? Error) Decode(byte[] input, byte[] buffer)
    {
        try
        {
            using var s = new ZstdDecoderStream(new MemoryStream(input), Options);
            var output = new MemoryStream();
            int n;
            while (output.Length < OutputCap && (n = s.Read(buffer, 0, (int)Math.Min(buffer.Length, OutputCap - output.Length))) > 0)
            {
                output.Write(buffer, 0, n);
            }

            return (output.ToArray(), null);
        }
        catch (ZstdFormatException e)
        {
            return (null, e.Message);
        }
    }

    private static byte[]? RunZstd(byte[] data, string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo("zstd") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in (string[])["-c", "-q", .. args])
            {
                psi.ArgumentList.Add(a);
            }

            using var p = Process.Start(psi)!;
            var output = new MemoryStream();
            Task copy = p.StandardOutput.BaseStream.CopyToAsync(output);
            Task<string> err = p.StandardError.ReadToEndAsync();
            p.StandardInput.BaseStream.Write(data);
            p.StandardInput.Close();
            copy.Wait();
            err.Wait();
            p.WaitForExit();
            return p.ExitCode == 0 ? output.ToArray() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
