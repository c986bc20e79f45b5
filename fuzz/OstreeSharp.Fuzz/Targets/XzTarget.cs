using System.Diagnostics;
using System.Text;
using OstreeSharp.Compression;
using OstreeSharp.Fuzz.Engine;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>
/// <see cref="XzDecoderStream"/> on arbitrary bytes, read twice (64 KiB reads and 7-byte reads): both runs must agree
/// on the output (up to 4 MiB) and on whether the input is rejected. Seeds come from the real <c>xz</c> when installed.
/// </summary>
public sealed class XzTarget : FuzzTarget
{
    private const int OutputCap = 4 << 20;
    private static readonly XzDecoderOptions Options = new() { MemoryLimit = 64L << 20 };
    private readonly byte[] _big = new byte[64 * 1024];
    private readonly byte[] _small = new byte[7];

    public override string Name => "xz";

    public override string Description => "XzDecoderStream (.xz/LZMA2) read with large and tiny buffers; results must agree";

    public override TimeSpan Timeout => TimeSpan.FromSeconds(10);

    public override IEnumerable<byte[]> Seeds(SeedMaterial material)
    {
        byte[] text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("ostree static delta part payload ", 200)));
        var random = new byte[3000];
        new Random(1).NextBytes(random);
        var seeds = new List<byte[]>();
        foreach ((byte[] data, string[] args) in new (byte[], string[])[]
        {
            (text, ["-0"]), (text, ["-9", "--check=sha256"]), (random, ["--check=crc32"]), ([], ["--check=none"]),
            ([.. text, .. random], ["--block-size=1000", "--lzma2=dict=4KiB,lc=0,lp=4,pb=0"]),
        })
        {
            if (RunXz(data, args) is { } compressed)
            {
                seeds.Add(compressed);
            }
        }

        // Hand-made (for when xz is missing): one block of stored LZMA2 chunks "abc" + "d" without a check.
        seeds.Add(HandMade());
        return seeds;
    }

    public override void Execute(byte[] input)
    {
        (byte[]? a, string? ea) = Decode(input, _big);
        (byte[]? b, string? eb) = Decode(input, _small);
        if ((a is null) != (b is null) || (a is not null && !a.AsSpan().SequenceEqual(b)))
        {
            throw new FuzzInvariantException($"xz decode differs by read size: 64K reads {(a is null ? ea : a.Length + " bytes")}, 7-byte reads {(b is null ? eb : b.Length + " bytes")}");
        }

        if (a is null)
        {
            throw new XzFormatException(ea!);
        }
    }

    private static (byte[]? Output, string? Error) Decode(byte[] input, byte[] buffer)
    {
        try
        {
            using var s = new XzDecoderStream(new MemoryStream(input), Options);
            var output = new MemoryStream();
            int n;
            while (output.Length < OutputCap && (n = s.Read(buffer, 0, (int)Math.Min(buffer.Length, OutputCap - output.Length))) > 0)
            {
                output.Write(buffer, 0, n);
            }

            return (output.ToArray(), null);
        }
        catch (XzFormatException e)
        {
            return (null, e.Message);
        }
    }

    private static byte[] HandMade()
    {
        var o = new List<byte>();
        byte[] flags = [0, 0];
        o.AddRange([0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0, .. flags, .. Le(Crc32.Compute(flags))]);
        byte[] header = [2, 0, 0x21, 1, 0, 0, 0, 0];
        o.AddRange([.. header, .. Le(Crc32.Compute(header))]);
        byte[] lzma2 = [1, 0, 2, (byte)'a', (byte)'b', (byte)'c', 2, 0, 0, (byte)'d', 0, 0];
        o.AddRange(lzma2);
        byte[] index = [0, 1, (byte)(12 + 11), 4];
        o.AddRange([.. index, .. Le(Crc32.Compute(index))]);
        byte[] footer = [.. Le(1), 0, 0];
        o.AddRange([.. Le(Crc32.Compute(footer)), .. footer, (byte)'Y', (byte)'Z']);
        return [.. o];
    }

    private static byte[] Le(uint v) => [(byte)v, (byte)(v >> 8), (byte)(v >> 16), (byte)(v >> 24)];

    private static byte[]? RunXz(byte[] data, string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo("xz") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string a in (string[])["-c", "-z", "-T1", .. args])
            {
                psi.ArgumentList.Add(a);
            }

            using var p = Process.Start(psi)!;
            var output = new MemoryStream();
            Task copy = p.StandardOutput.BaseStream.CopyToAsync(output);
            p.StandardInput.BaseStream.Write(data);
            p.StandardInput.Close();
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
