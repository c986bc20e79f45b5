using System.Diagnostics;
using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Compression;

namespace OstreeSharp.Tests.Compression;

public class CrcTests
{
    private static readonly byte[] CheckInput = Encoding.ASCII.GetBytes("123456789");

    [Fact]
    public void Crc32CheckValue() => Assert.Equal(0xCBF43926u, Crc32.Compute(CheckInput));

    [Fact]
    public void Crc64CheckValue() => Assert.Equal(0x995DC9BBDF1939FAul, Crc64.Compute(CheckInput));

    [Fact]
    public void EmptyInputs()
    {
        Assert.Equal(0u, Crc32.Compute([]));
        Assert.Equal(0ul, Crc64.Compute([]));
    }

    [Fact]
    public void Crc32MatchesPythonZlib()
    {
        var rng = new Random(1234);
        var sizes = new[] { 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 4096, 100_003 };
        var inputs = sizes.Select(n =>
        {
            var b = new byte[n];
            rng.NextBytes(b);
            return b;
        }).ToArray();
        string hex = string.Join(",", inputs.Select(Convert.ToHexString));
        var psi = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("import sys,zlib\nfor h in sys.stdin.read().strip().split(','): print(zlib.crc32(bytes.fromhex(h)))");
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(hex);
        p.StandardInput.Close();
        string[] lines = p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        Assert.Equal(inputs.Length, lines.Length);
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(uint.Parse(lines[i], CultureInfo.InvariantCulture), Crc32.Compute(inputs[i]));
        }
    }

    [Fact]
    public void SlicedPathEqualsBytewiseReference()
    {
        var rng = new Random(99);
        for (int n = 0; n < 70; n++)
        {
            var b = new byte[n];
            rng.NextBytes(b);
            Assert.Equal(ReferenceCrc32(b), Crc32.Compute(b));
            Assert.Equal(ReferenceCrc64(b), Crc64.Compute(b));
        }
    }

    [Fact]
    public void IncrementalEqualsOneShot()
    {
        var bytes = Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i));
        Prop.ForAll(Arb.From(bytes), Arb.From(Gen.ListOf(Gen.Choose(0, 40))), (data, cuts) =>
        {
            var c32 = new Crc32();
            var c64 = new Crc64();
            int pos = 0;
            foreach (int cut in cuts)
            {
                int n = Math.Min(cut, data.Length - pos);
                c32.Append(data.AsSpan(pos, n));
                c64.Append(data.AsSpan(pos, n));
                pos += n;
            }

            c32.Append(data.AsSpan(pos));
            c64.Append(data.AsSpan(pos));
            return c32.GetCurrentHash() == Crc32.Compute(data) && c64.GetCurrentHash() == Crc64.Compute(data)
                && c32.GetCurrentHash() == ReferenceCrc32(data);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ResetStartsOver()
    {
        var c = new Crc64();
        c.Append("garbage"u8);
        c.Reset();
        c.Append(CheckInput);
        Assert.Equal(0x995DC9BBDF1939FAul, c.GetCurrentHash());
        var d = new Crc32();
        d.Append("x"u8);
        d.Reset();
        d.Append(CheckInput);
        Assert.Equal(0xCBF43926u, d.GetCurrentHash());
    }

    private static uint ReferenceCrc32(ReadOnlySpan<byte> data)
    {
        uint crc = uint.MaxValue;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static ulong ReferenceCrc64(ReadOnlySpan<byte> data)
    {
        ulong crc = ulong.MaxValue;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xC96C5795D7870F42ul : crc >> 1;
            }
        }

        return ~crc;
    }
}
