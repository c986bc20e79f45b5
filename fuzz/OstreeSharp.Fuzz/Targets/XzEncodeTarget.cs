using System.Text;
using OstreeSharp.Compression;
using OstreeSharp.Fuzz.Engine;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>
/// <see cref="XzEncoderStream"/> round trips on arbitrary data. The first 4 bytes of an input choose the settings
/// (preset, check, dictionary size, block size, mid-stream flush, write chunk size); the rest is the data. Invariants:
/// <see cref="XzDecoderStream"/> gives the data back; writing in chunks gives the same bytes as one write of
/// everything (without a flush); with a fixed block size, 1 and 2 threads give the same bytes. With flag 0x08, the
/// in-memory encoder of delta parts (<see cref="XzSegmentedEncoder"/>, a 4 KiB match finder tree plus far matches) must
/// round trip too. The encoder must never throw on any data.
/// </summary>
public sealed class XzEncodeTarget : FuzzTarget
{
    private const int HeaderLength = 4;

    public override string Name => "xz-encode";

    public override string Description => "XzEncoderStream round trips: decode(encode(x)) == x, chunking- and thread-independent output";

    public override TimeSpan Timeout => TimeSpan.FromSeconds(20);

    public override IEnumerable<byte[]> Seeds(SeedMaterial material)
    {
        byte[] text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("usr/lib/x86_64-linux-gnu/libfoo.so.1.2.3 ", 300)));
        var random = new byte[5000];
        new Random(3).NextBytes(random);
        byte[] runs = [.. Enumerable.Repeat((byte)0, 3000), .. Enumerable.Repeat((byte)0xFF, 17), .. "abcabcabcabd"u8];
        return
        [
            [6, 0, 0, 0, .. text],
            [0, 1, 0, 7, .. text],
            [9, 2, 0, 1, .. runs],
            [3, 0x0C, 5, 0, .. text, .. random],
            [8, 0x17, 0x10, 0, .. random, .. text],
            [9, 0x60, 0, 3, .. text],
            [2, 0x24, 0, 9, .. runs],
            [1, 3, 0, 0],
            [5, 0x10, 0, 200, .. runs, .. text],
            [7, 0x08, 0, 0, .. text, .. random, .. text, .. random],
        ];
    }

    public override IEnumerable<byte[]> Dictionary(SeedMaterial material) =>
        ["/usr/lib/"u8.ToArray(), "\0\0\0\0\0\0\0\0"u8.ToArray(), "ELF"u8.ToArray()];

    public override void Execute(byte[] input)
    {
        if (input.Length < HeaderLength)
        {
            input = [.. input, .. new byte[HeaderLength - input.Length]];
        }

        byte flags = input[1];
        var options = new XzEncoderOptions
        {
            Preset = input[0] % 10,
            Check = (flags & 3) switch { 0 => XzCheck.Crc64, 1 => XzCheck.Crc32, 2 => XzCheck.Sha256, _ => XzCheck.None },
        };
        // Inputs are at most 64 KiB: a preset-sized dictionary (up to 64 MiB) only costs allocation, so it is rare.
        options.DictionarySize = ((flags >> 5) & 3) switch { 0 => 64 << 10, 1 => 4 << 10, 2 => 16 << 10, _ => null };
        bool fixedBlocks = (flags & 0x04) != 0;
        if (fixedBlocks)
        {
            options.BlockSize = 4096 + (input[2] * 64);
        }

        bool flush = (flags & 0x10) != 0;
        int chunk = Math.Max(1, input[3] * 37);
        ReadOnlySpan<byte> data = input.AsSpan(HeaderLength);

        if ((flags & 0x08) != 0)
        {
            var inMemory = new XzEncoderOptions
            {
                Preset = options.Preset,
                Check = options.Check,
                DictionarySize = options.DictionarySize ?? (64 << 10),
                MatchWindow = 4096,
                FarMatches = true,
            };
            using var coded = new MemoryStream();
            XzSegmentedEncoder.Compress(data.ToArray(), coded, inMemory, 2, 2, null);
            if (!Xz.Decompress(coded.ToArray()).AsSpan().SequenceEqual(data))
            {
                throw new FuzzInvariantException($"in-memory (far match) round trip lost data: {data.Length} bytes (preset {inMemory.Preset})");
            }
        }

        byte[] streamed = Encode(data, options, chunk, flush);
        byte[] decoded = Xz.Decompress(streamed);
        if (!decoded.AsSpan().SequenceEqual(data))
        {
            throw new FuzzInvariantException($"round trip lost data: {data.Length} bytes in, {decoded.Length} out (preset {options.Preset}, check {options.Check}, block {options.BlockSize}, flush {flush}, chunk {chunk})");
        }

        if (!flush)
        {
            // One Write of everything (Xz.Compress would also know the length and size the dictionary to it).
            byte[] oneShot = Encode(data, options, Math.Max(1, data.Length), flushHalfway: false);
            if (!oneShot.AsSpan().SequenceEqual(streamed))
            {
                throw new FuzzInvariantException($"chunked writes of {chunk} bytes encode differently from one write (preset {options.Preset}, block {options.BlockSize})");
            }

            if (fixedBlocks)
            {
                options.MaxDegreeOfParallelism = 2;
                byte[] parallel = Encode(data, options, chunk, flushHalfway: false);
                if (!parallel.AsSpan().SequenceEqual(oneShot))
                {
                    throw new FuzzInvariantException($"2 threads encode differently from 1 (preset {options.Preset}, block {options.BlockSize})");
                }
            }
        }
    }

    private static byte[] Encode(ReadOnlySpan<byte> data, XzEncoderOptions options, int chunk, bool flushHalfway)
    {
        var output = new MemoryStream();
        using (var encoder = new XzEncoderStream(output, options, leaveOpen: true))
        {
            int half = data.Length / 2;
            for (int offset = 0; offset < data.Length;)
            {
                int n = Math.Min(chunk, data.Length - offset);
                if (flushHalfway && offset < half && offset + n >= half)
                {
                    n = half - offset;
                    encoder.Write(data.Slice(offset, n));
                    encoder.Flush();
                    offset += n;
                    flushHalfway = false;
                    continue;
                }

                encoder.Write(data.Slice(offset, n));
                offset += n;
            }
        }

        return output.ToArray();
    }
}
