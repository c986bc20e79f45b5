using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Compression;

namespace OstreeSharp.Tests.Compression;

public class XzEncoderTests
{
    private static byte[] Text(int size, int seed = 0) => XzDecoderTests.Text(size, seed);

    private static byte[] Random(int size, int seed = 7) => XzDecoderTests.Random(size, seed);

    /// <summary>Text, incompressible and repetitive stretches alternating, so chunks switch between stored and LZMA.</summary>
    private static byte[] Mixed(int size, int seed = 3)
    {
        var rng = new Random(seed);
        var b = new byte[size];
        int i = 0;
        while (i < size)
        {
            int len = Math.Min(size - i, rng.Next(1, 200_000));
            switch (rng.Next(4))
            {
                case 0:
                    rng.NextBytes(b.AsSpan(i, len));
                    break;
                case 1:
                    Text(len, rng.Next()).CopyTo(b.AsSpan(i));
                    break;
                case 2:
                    b.AsSpan(i, len).Fill((byte)rng.Next(256));
                    break;
                default:
                    for (int k = 0; k < len; k++)
                    {
                        b[i + k] = i + k >= 1000 && rng.Next(8) != 0 ? b[i + k - 1000 + rng.Next(3)] : (byte)rng.Next(256);
                    }

                    break;
            }

            i += len;
        }

        return b;
    }

    private static byte[] EncodeStream(byte[] data, XzEncoderOptions? options, int pieceSize = int.MaxValue)
    {
        var output = new MemoryStream();
        using (var encoder = new XzEncoderStream(output, options, leaveOpen: true))
        {
            for (int i = 0; i < data.Length; i += pieceSize)
            {
                encoder.Write(data, i, Math.Min(pieceSize, data.Length - i));
            }
        }

        return output.ToArray();
    }

    private static void AssertRoundTrip(byte[] original, byte[] compressed)
    {
        byte[] decoded = Xz.Decompress(compressed);
        Assert.Equal(original.Length, decoded.Length);
        Assert.True(original.AsSpan().SequenceEqual(decoded), "decoded bytes differ");
    }

    private static void AssertXzAccepts(byte[] original, byte[] compressed)
    {
        XzTool.Run(compressed, ["-t"]);
        byte[] decoded = XzTool.Decompress(compressed);
        Assert.True(original.AsSpan().SequenceEqual(decoded), "xz -dc output differs");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    public void EveryPresetRoundTrips(int preset)
    {
        var options = new XzEncoderOptions { Preset = preset };
        foreach (byte[] original in new[] { Text(300_000, preset), Mixed(400_000, preset), Random(5000, preset), new byte[70_000] })
        {
            AssertRoundTrip(original, Xz.Compress(original, options));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(9)]
    public void EveryPresetRoundTripsThroughTheStream(int preset)
    {
        byte[] original = Mixed(600_000, preset + 10);
        AssertRoundTrip(original, EncodeStream(original, new XzEncoderOptions { Preset = preset }, 100_000));
    }

    [Fact]
    public void WindowSlidesPastSmallDictionariesWithStoredChunks()
    {
        // 256 KiB dictionary: the window slides many times, and random stretches fall back to stored chunks whose
        // bytes must still be in the window when the chunk closes.
        byte[] original = Mixed(8_000_000, 31);
        byte[] compressed = EncodeStream(original, new XzEncoderOptions { Preset = 0 }, 333_333);
        AssertRoundTrip(original, compressed);
        if (XzTool.Available())
        {
            AssertXzAccepts(original, compressed);
        }
    }

    [Fact]
    public void CompressesTextWell()
    {
        byte[] original = Text(1_000_000);
        int fast = Xz.Compress(original, new XzEncoderOptions { Preset = 0 }).Length;
        int best = Xz.Compress(original, new XzEncoderOptions { Preset = 6 }).Length;
        Assert.True(best < original.Length / 3, $"preset 6: {best} bytes");
        Assert.True(best <= fast, $"preset 6 ({best}) larger than preset 0 ({fast})");
    }

    [Fact]
    public void IncompressibleInputIsStoredWithLittleOverhead()
    {
        byte[] original = Random(3_000_000);
        byte[] compressed = Xz.Compress(original);
        // Stored chunks cost 3 bytes per 64 KiB plus the container.
        Assert.True(compressed.Length < original.Length + 300 + (3 * (original.Length / 65536)), $"{compressed.Length} bytes");
        AssertRoundTrip(original, compressed);
    }

    [Fact]
    public void HugeRepetitionCompressesToAlmostNothing()
    {
        byte[] original = new byte[16_000_000];
        original.AsSpan(8_000_000).Fill(0xA5);
        byte[] compressed = Xz.Compress(original, new XzEncoderOptions { Preset = 6 });
        Assert.True(compressed.Length < 8_000, $"{compressed.Length} bytes");
        AssertRoundTrip(original, compressed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void TinyInputsRoundTrip(int size)
    {
        byte[] original = Text(size);
        foreach (int preset in new[] { 0, 6 })
        {
            byte[] viaSpan = Xz.Compress(original, new XzEncoderOptions { Preset = preset });
            AssertRoundTrip(original, viaSpan);
            AssertRoundTrip(original, EncodeStream(original, new XzEncoderOptions { Preset = preset }));
        }
    }

    [Fact]
    public void DisposeWithoutWritesGivesTheSameEmptyStreamAsXz()
    {
        var output = new MemoryStream();
        new XzEncoderStream(output, leaveOpen: true).Dispose();
        byte[] empty = output.ToArray();
        Assert.Empty(Xz.Decompress(empty));
        Assert.Equal(32, empty.Length);
        if (XzTool.Available())
        {
            Assert.Equal(XzTool.Compress([]), empty);
            AssertXzAccepts([], empty);
        }
    }

    [Theory]
    [InlineData(XzCheck.None)]
    [InlineData(XzCheck.Crc32)]
    [InlineData(XzCheck.Crc64)]
    [InlineData(XzCheck.Sha256)]
    public void XzAcceptsOurOutputForEveryCheck(XzCheck check)
    {
        if (!XzTool.Available())
        {
            return;
        }

        foreach ((byte[] original, int preset) in new[] { (Text(200_000), 6), (Mixed(900_000), 2), (Random(100_000), 8), ([], 6), (Text(1), 0) })
        {
            byte[] compressed = Xz.Compress(original, new XzEncoderOptions { Preset = preset, Check = check });
            Assert.Equal((byte)check, compressed[7]);
            AssertXzAccepts(original, compressed);
            AssertRoundTrip(original, compressed);
        }
    }

    [Fact]
    public void XzAcceptsStreamedOutputWithFlushes()
    {
        byte[] original = Mixed(2_500_000, 11);
        var output = new MemoryStream();
        using (var encoder = new XzEncoderStream(output, new XzEncoderOptions { Preset = 4 }, leaveOpen: true))
        {
            for (int i = 0; i < original.Length; i += 300_000)
            {
                encoder.Write(original.AsSpan(i, Math.Min(300_000, original.Length - i)));
                encoder.Flush();
            }
        }

        byte[] compressed = output.ToArray();
        AssertRoundTrip(original, compressed);
        if (XzTool.Available())
        {
            AssertXzAccepts(original, compressed);
        }
    }

    [Fact]
    public void FlushMakesEverythingWrittenSoFarDecodable()
    {
        byte[] original = Text(500_000);
        var output = new MemoryStream();
        using var encoder = new XzEncoderStream(output, new XzEncoderOptions { Preset = 6 }, leaveOpen: true);
        encoder.Write(original);
        encoder.Flush();
        using var decoder = new XzDecoderStream(new MemoryStream(output.ToArray()));
        var decoded = new byte[original.Length];
        decoder.ReadExactly(decoded);
        Assert.Equal(original, decoded);
    }

    [Fact]
    public void OurDecoderStillDecodesXzOutput()
    {
        if (!XzTool.Available())
        {
            return;
        }

        byte[] original = Mixed(1_000_000, 5);
        AssertRoundTrip(original, XzTool.Compress(original, "-6"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void MultiBlockOutputIsIdenticalForOneAndTwoThreads(int preset)
    {
        byte[] original = Mixed(1_500_000, 21);
        byte[] one = EncodeStream(original, new XzEncoderOptions { Preset = preset, BlockSize = 200_000, MaxDegreeOfParallelism = 1 });
        byte[] two = EncodeStream(original, new XzEncoderOptions { Preset = preset, BlockSize = 200_000, MaxDegreeOfParallelism = 2 }, 77_777);
        byte[] four = Xz.Compress(original, new XzEncoderOptions { Preset = preset, BlockSize = 200_000, MaxDegreeOfParallelism = 4 });
        Assert.Equal(one, two);
        Assert.Equal(one, four);
        AssertRoundTrip(original, one);
        if (XzTool.Available())
        {
            AssertXzAccepts(original, one);
            string list = XzTool.List(one);
            int blocks = list.Split('\n').Count(l => l.StartsWith("block\t", StringComparison.Ordinal));
            Assert.Equal(8, blocks); // 1.5 MB in 200 kB blocks
        }
    }

    [Fact]
    public void DefaultParallelBlocksAreThreeDictionaries()
    {
        byte[] original = Text(3_500_000);
        byte[] compressed = Xz.Compress(original, new XzEncoderOptions { Preset = 1, MaxDegreeOfParallelism = 2 });
        AssertRoundTrip(original, compressed);
        if (XzTool.Available())
        {
            string list = XzTool.List(compressed);
            Assert.Equal(2, list.Split('\n').Count(l => l.StartsWith("block\t", StringComparison.Ordinal)));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData(100_000L)]
    public void TinyWritesGiveTheSameBytesAsOneWrite(long? blockSize)
    {
        byte[] original = Mixed(300_000, 8);
        var options = new XzEncoderOptions { Preset = 5, BlockSize = blockSize };
        byte[] whole = EncodeStream(original, options);
        Assert.Equal(whole, EncodeStream(original, options, 1));
        Assert.Equal(whole, EncodeStream(original, options, 4093));
        AssertRoundTrip(original, whole);
    }

    [Fact]
    public async Task AsyncWritesGiveTheSameBytesAsSyncWrites()
    {
        byte[] original = Mixed(700_000, 9);
        foreach (var options in new[] { new XzEncoderOptions { Preset = 3 }, new XzEncoderOptions { Preset = 6, BlockSize = 150_000, MaxDegreeOfParallelism = 2 } })
        {
            byte[] sync = EncodeStream(original, options, 10_000);
            var output = new MemoryStream();
            await using (var encoder = new XzEncoderStream(output, options, leaveOpen: true))
            {
                for (int i = 0; i < original.Length; i += 10_000)
                {
                    await encoder.WriteAsync(original.AsMemory(i, Math.Min(10_000, original.Length - i)));
                }
            }

            Assert.Equal(sync, output.ToArray());
        }
    }

    [Fact]
    public async Task StreamHelpersRoundTrip()
    {
        byte[] original = Mixed(500_000, 12);
        var compressed = new MemoryStream();
        Xz.Compress(new MemoryStream(original), compressed);
        var asyncCompressed = new MemoryStream();
        await Xz.CompressAsync(new MemoryStream(original), asyncCompressed);
        Assert.Equal(compressed.ToArray(), asyncCompressed.ToArray());
        Assert.Equal(Xz.Compress(original), compressed.ToArray());

        compressed.Position = 0;
        var decoded = new MemoryStream();
        Xz.Decompress(compressed, decoded);
        Assert.Equal(original, decoded.ToArray());
    }

    [Fact]
    public void LeaveOpenIsHonoured()
    {
        var kept = new MemoryStream();
        new XzEncoderStream(kept, leaveOpen: true).Dispose();
        Assert.True(kept.CanWrite);

        var closed = new MemoryStream();
        new XzEncoderStream(closed).Dispose();
        Assert.False(closed.CanWrite);
    }

    [Fact]
    public void StreamContractIsWriteOnly()
    {
        using var encoder = new XzEncoderStream(new MemoryStream());
        Assert.True(encoder.CanWrite);
        Assert.False(encoder.CanRead);
        Assert.False(encoder.CanSeek);
        Assert.Throws<NotSupportedException>(() => encoder.Read(new byte[1], 0, 1));
        Assert.Throws<NotSupportedException>(() => encoder.Length);
        encoder.Dispose();
        Assert.False(encoder.CanWrite);
        Assert.Throws<ObjectDisposedException>(() => encoder.Write(new byte[1]));
    }

    [Fact]
    public void OptionsAreValidated()
    {
        var o = new XzEncoderOptions();
        Assert.Equal(6, o.Preset);
        Assert.Equal(XzCheck.Crc64, o.Check);
        Assert.Throws<ArgumentOutOfRangeException>(() => o.Preset = 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => o.Preset = -1);
        Assert.Throws<ArgumentOutOfRangeException>(() => o.DictionarySize = 1000);
        Assert.Throws<ArgumentOutOfRangeException>(() => o.BlockSize = 10);
        Assert.Throws<ArgumentOutOfRangeException>(() => o.MaxDegreeOfParallelism = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => o.Check = (XzCheck)2);
        Assert.Throws<ArgumentException>(() => new XzEncoderStream(new MemoryStream([], writable: false)));
    }

    [Fact]
    public void DictionarySizeIsRecordedAndHonoured()
    {
        if (!XzTool.Available())
        {
            return;
        }

        // A repeat farther back than the dictionary must not be used; xz checks distances against the header's size.
        byte[] unit = Random(100_000, 1);
        byte[] original = [.. unit, .. Random(50_000, 2), .. unit];
        byte[] small = Xz.Compress(original, new XzEncoderOptions { DictionarySize = 64 * 1024 });
        byte[] large = Xz.Compress(original, new XzEncoderOptions { DictionarySize = 1 << 20 });
        Assert.True(large.Length < small.Length - 80_000, $"{large.Length} vs {small.Length}");
        AssertXzAccepts(original, small);
        AssertXzAccepts(original, large);
        string list = XzTool.List(small);
        Assert.Contains("dict=64KiB", list, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomInputsRoundTripForEveryPresetAndCheck()
    {
        Gen<byte[]> data = Gen.Choose(0, 3000).SelectMany(size => Gen.Choose(0, int.MaxValue).Select(seed =>
        {
            var rng = new Random(seed);
            var b = new byte[size];
            int alphabet = rng.Next(3) switch { 0 => 2, 1 => 16, _ => 256 };
            int i = 0;
            while (i < size)
            {
                if (i > 4 && rng.Next(3) == 0)
                {
                    int from = rng.Next(i);
                    int len = Math.Min(rng.Next(1, 400), size - i);
                    for (int k = 0; k < len; k++)
                    {
                        b[i + k] = b[from + k];
                    }

                    i += len;
                }
                else
                {
                    b[i++] = (byte)rng.Next(alphabet);
                }
            }

            return b;
        }));
        XzCheck[] checks = [XzCheck.None, XzCheck.Crc32, XzCheck.Crc64, XzCheck.Sha256];
        Prop.ForAll(Arb.From(data), Arb.From(Gen.Choose(0, 9)), Arb.From(Gen.Choose(0, 3)), (original, preset, check) =>
        {
            var options = new XzEncoderOptions { Preset = preset, Check = checks[check], DictionarySize = 8192 };
            byte[] compressed = Xz.Compress(original, options);
            return Xz.Decompress(compressed).AsSpan().SequenceEqual(original);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RandomInputsAreAcceptedByXz()
    {
        if (!XzTool.Available())
        {
            return;
        }

        Gen<byte[]> data = Gen.Choose(0, 20_000).SelectMany(size => Gen.Choose(0, int.MaxValue).Select(seed =>
            seed % 2 == 0 ? Text(size, seed) : Mixed(size, seed)));
        Prop.ForAll(Arb.From(data), Arb.From(Gen.Choose(0, 9)), (original, preset) =>
        {
            byte[] compressed = Xz.Compress(original, new XzEncoderOptions { Preset = preset, BlockSize = 8192 });
            return XzTool.Decompress(compressed).AsSpan().SequenceEqual(original);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }
}

public class Lzma2EncoderTests
{
    private static byte[] Encode(byte[] data, int normalizeLimit)
    {
        var settings = new XzEncoderOptions { Preset = 6, DictionarySize = 64 * 1024 }.Resolve(null);
        var encoder = new Lzma2Encoder(settings);
        if (normalizeLimit > 0)
        {
            encoder.MatchFinder.NormalizeLimit = normalizeLimit;
        }

        var output = new System.Buffers.ArrayBufferWriter<byte>();
        for (int i = 0; i < data.Length; i += 100_000)
        {
            encoder.Write(data.AsSpan(i, Math.Min(100_000, data.Length - i)), output);
        }

        encoder.Finish(output);

        // Wrap the raw LZMA2 data in a one-block .xz stream.
        var xz = new System.Buffers.ArrayBufferWriter<byte>();
        XzContainer.WriteStreamHeader(xz, XzCheck.Crc32);
        int header = XzContainer.WriteBlockHeader(xz, Lzma2Encoder.DictionaryProperty(settings.DictionarySize), output.WrittenCount, data.Length);
        xz.Write(output.WrittenSpan);
        using var check = new XzCheckState(XzCheck.Crc32);
        check.Append(data);
        XzContainer.WriteBlockTail(xz, output.WrittenCount, check);
        XzContainer.WriteIndexAndFooter(xz, [(header + output.WrittenCount + 4, data.Length)], XzCheck.Crc32);
        return xz.WrittenSpan.ToArray();
    }

    [Fact]
    public void PositionRenormalisationChangesNothing()
    {
        byte[] data = new byte[4_000_000];
        var rng = new Random(5);
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = i > 70_000 && rng.Next(4) != 0 ? data[i - 1 - rng.Next(60_000)] : (byte)rng.Next(64);
        }

        byte[] normal = Encode(data, 0);
        byte[] rebased = Encode(data, 1 << 20);
        Assert.Equal(normal, rebased);
        Assert.Equal(data, Xz.Decompress(rebased));
    }
}
