using OstreeSharp.Objects;
using OstreeSharp.Signing.Ed25519;

namespace OstreeSharp.Deltas;

/// <summary>Options for <see cref="StaticDeltaGenerator"/> (the <c>ostree static-delta generate</c> options).</summary>
public sealed class StaticDeltaGeneratorOptions
{
    /// <summary>Embed the parts in the superblock (<c>--inline</c>).</summary>
    public bool Inline { get; set; }

    /// <summary>
    /// Regular files larger than this many bytes that are not sent as a rollsum/bsdiff delta become fallback
    /// objects (<c>--min-fallback-size</c>, default 4 MB; 0 disables fallbacks).
    /// </summary>
    public ulong MinFallbackSize { get; set; } = 4_000_000;

    /// <summary>A new part starts when the current one would grow beyond this many payload bytes (<c>--max-chunk-size</c>, default 32 MB).</summary>
    public ulong MaxChunkSize { get; set; } = 32_000_000;

    /// <summary>Largest combined old+new size considered for bsdiff (<c>--max-bsdiff-size</c>, default 128 MB).</summary>
    public ulong MaxBsdiffSize { get; set; } = 128_000_000;

    /// <summary>Never use bsdiff (<c>--disable-bsdiff</c>).</summary>
    public bool DisableBsdiff { get; set; }

    /// <summary>Never use rollsum matching.</summary>
    public bool DisableRollsum { get; set; }

    /// <summary>Byte order of the superblock's host-endian fields (<c>--set-endianness</c>); little-endian by default.</summary>
    public DeltaEndianness Endianness { get; set; } = BitConverter.IsLittleEndian ? DeltaEndianness.Little : DeltaEndianness.Big;

    /// <summary>
    /// Where to write the superblock (<c>--filename</c>); the parts are written next to it. Null writes into the
    /// repository's <c>deltas/</c> directory.
    /// </summary>
    public string? Filename { get; set; }

    /// <summary>Part compression; <see cref="DeltaPartCompressor.Default"/> when null.</summary>
    public DeltaPartCompressor? Compressor { get; set; }

    /// <summary>Extra superblock metadata, written first.</summary>
    public MetadataDictionary? Metadata { get; set; }

    /// <summary>The generation timestamp (seconds since the epoch); the current time when null.</summary>
    public ulong? Timestamp { get; set; }

    /// <summary>How far back the match finder's tree reaches with <see cref="LowMemory"/> (1 MiB; 4 MiB otherwise).</summary>
    public const int LowMemoryMatchWindow = 1 << 20;

    /// <summary>
    /// Trades delta size for memory (an option of this library, not of <c>ostree</c>): the built-in xz compressors'
    /// match finder trees cover the last <see cref="LowMemoryMatchWindow"/> bytes instead of 4 MiB, about 13 MiB per
    /// LZMA encoder (plus its output) instead of 40 MiB; the dictionary stays the preset's (32 MiB at preset 8), and longer distances are
    /// still found for repeats of 32 bytes and more. Has no effect with a custom <see cref="Compressor"/>.
    /// </summary>
    public bool LowMemory { get; set; }

    /// <summary>
    /// How many part compressors (LZMA encoders: whole parts, or the two segments of the last part) may run at once
    /// (default: the processor count). Bounds peak memory; does not change the output.
    /// </summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Ed25519 keys that sign the superblock (<c>--sign=KEY</c> with <c>--sign-type=ed25519</c>, spec §7.3). When this
    /// or <see cref="Signer"/> is used, the <c>superblock</c> file is written in the signed wrapper <c>(taya{sv})</c>
    /// with one 64-byte signature per key in <c>ostree.sign.ed25519</c>, each over the exact unsigned superblock bytes.
    /// The keys are not disposed by the generator. Signed superblocks are understood by <c>static-delta verify</c> and
    /// <c>apply-offline</c> only, not by HTTP pulls.
    /// </summary>
    public IList<Ed25519PrivateKey> Ed25519SigningKeys { get; } = new List<Ed25519PrivateKey>();

    /// <summary>
    /// Makes further signature entries over the unsigned superblock bytes (for signature types other than Ed25519);
    /// its entries come first in the signature dictionary, followed by <c>ostree.sign.ed25519</c> when
    /// <see cref="Ed25519SigningKeys"/> is not empty. If it throws, no superblock is written (parts already written stay).
    /// </summary>
    public Func<ReadOnlyMemory<byte>, MetadataDictionary>? Signer { get; set; }
}
