using System.Buffers;
using System.Buffers.Binary;

namespace OstreeSharp.Deltas;

/// <summary>
/// Applies a bsdiff patch in the form static deltas carry it (spec §8.5): the bare control/diff/extra stream of
/// the "mendsley" bsdiff layout, without a file header and without bzip2 (the delta part's xz layer compresses it).
/// </summary>
/// <remarks>
/// <para>The patch is a sequence of blocks. Each block starts with three 8-byte little-endian sign-magnitude
/// integers (bit 63 is the sign, the low 63 bits the magnitude): <c>diff_len</c>, <c>extra_len</c>, <c>seek</c>.
/// Then follow <c>diff_len</c> bytes that are added modulo 256 to the old data at the current old position
/// (the old position advances by <c>diff_len</c>), then <c>extra_len</c> bytes copied verbatim, and finally the old
/// position moves by <c>seek</c>. Blocks repeat until exactly the expected number of output bytes is produced.</para>
/// <para>Validation is strict: lengths must be non-negative, every diff byte must pair with a byte inside the
/// old data, no block may overrun the expected output size or the patch, and the patch must be consumed exactly
/// when the output is complete. Any violation raises <see cref="BsdiffFormatException"/>; nothing else escapes
/// for bad patch bytes. A "negative zero" (only the sign bit set) reads as zero.</para>
/// </remarks>
public static class BsPatch
{
    /// <summary>Size in bytes of one control triple.</summary>
    public const int ControlSize = 24;

    private const int StreamChunk = 64 * 1024;

    /// <summary>Applies <paramref name="patch"/> to <paramref name="old"/> and returns the <paramref name="newSize"/> output bytes.</summary>
    /// <param name="old">The data the patch was made against.</param>
    /// <param name="patch">The bare bsdiff stream.</param>
    /// <param name="newSize">The exact size of the output.</param>
    /// <returns>The reconstructed data.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="newSize"/> is negative.</exception>
    /// <exception cref="BsdiffFormatException">The patch is malformed or does not produce exactly <paramref name="newSize"/> bytes.</exception>
    public static byte[] Apply(ReadOnlySpan<byte> old, ReadOnlySpan<byte> patch, long newSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(newSize);

        // Every output byte consumes one diff or extra byte from the patch, so a patch cannot describe more
        // output than it has bytes; checking first keeps a hostile size from forcing a huge allocation.
        if (newSize > patch.Length)
        {
            throw new BsdiffFormatException($"Patch of {patch.Length} bytes cannot produce {newSize} bytes of output");
        }

        var result = newSize == 0 ? [] : new byte[newSize];
        Apply(old, patch, result);
        return result;
    }

    /// <summary>Applies <paramref name="patch"/> to <paramref name="old"/>, filling all of <paramref name="destination"/>.</summary>
    /// <param name="old">The data the patch was made against.</param>
    /// <param name="patch">The bare bsdiff stream.</param>
    /// <param name="destination">Receives the output; its length is the expected output size.</param>
    /// <exception cref="BsdiffFormatException">The patch is malformed or does not produce exactly <c>destination.Length</c> bytes.</exception>
    public static void Apply(ReadOnlySpan<byte> old, ReadOnlySpan<byte> patch, Span<byte> destination)
    {
        var reader = new PatchReader(patch, destination.Length);
        int written = 0;
        while (reader.NextBlock(old.Length, out long diffLen, out long extraLen, out int diffOld))
        {
            int d = (int)diffLen;
            var diff = reader.Take(d);
            var outDiff = destination.Slice(written, d);
            var oldSlice = old.Slice(diffOld, d);
            for (int i = 0; i < d; i++)
            {
                outDiff[i] = (byte)(diff[i] + oldSlice[i]);
            }

            written += d;
            int e = (int)extraLen;
            reader.Take(e).CopyTo(destination.Slice(written, e));
            written += e;
            reader.Seek();
        }
    }

    /// <summary>
    /// Applies <paramref name="patch"/> to <paramref name="old"/>, writing exactly <paramref name="newSize"/> bytes to
    /// <paramref name="destination"/> in bounded chunks (no output-sized buffer is allocated).
    /// </summary>
    /// <param name="old">The data the patch was made against.</param>
    /// <param name="patch">The bare bsdiff stream.</param>
    /// <param name="newSize">The exact size of the output.</param>
    /// <param name="destination">A writable stream that receives the output.</param>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="newSize"/> is negative.</exception>
    /// <exception cref="BsdiffFormatException">
    /// The patch is malformed or does not produce exactly <paramref name="newSize"/> bytes. Output written before
    /// the problem was found remains in <paramref name="destination"/>.
    /// </exception>
    public static void Apply(ReadOnlySpan<byte> old, ReadOnlySpan<byte> patch, long newSize, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(newSize);
        if (newSize > patch.Length)
        {
            throw new BsdiffFormatException($"Patch of {patch.Length} bytes cannot produce {newSize} bytes of output");
        }

        var reader = new PatchReader(patch, newSize);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(StreamChunk);
        try
        {
            while (reader.NextBlock(old.Length, out long diffLen, out long extraLen, out int diffOld))
            {
                var diff = reader.Take((int)diffLen);
                var oldSlice = old.Slice(diffOld, (int)diffLen);
                while (!diff.IsEmpty)
                {
                    int n = Math.Min(diff.Length, buffer.Length);
                    for (int i = 0; i < n; i++)
                    {
                        buffer[i] = (byte)(diff[i] + oldSlice[i]);
                    }

                    destination.Write(buffer, 0, n);
                    diff = diff[n..];
                    oldSlice = oldSlice[n..];
                }

                destination.Write(reader.Take((int)extraLen));
                reader.Seek();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Decodes one 8-byte sign-magnitude little-endian integer ("offtin").</summary>
    internal static long ReadOfftin(ReadOnlySpan<byte> source)
    {
        ulong raw = BinaryPrimitives.ReadUInt64LittleEndian(source);
        long magnitude = (long)(raw & 0x7FFF_FFFF_FFFF_FFFFUL);
        return (raw & 0x8000_0000_0000_0000UL) != 0 ? -magnitude : magnitude;
    }

    /// <summary>Encodes <paramref name="value"/> as an 8-byte sign-magnitude little-endian integer.</summary>
    internal static void WriteOfftin(Span<byte> destination, long value)
    {
        ulong raw = value < 0 ? (ulong)-value | 0x8000_0000_0000_0000UL : (ulong)value;
        BinaryPrimitives.WriteUInt64LittleEndian(destination, raw);
    }

    /// <summary>Walks the control triples, validating each block against the patch, old data and output size.</summary>
    private ref struct PatchReader
    {
        private readonly ReadOnlySpan<byte> _patch;
        private readonly long _newSize;
        private int _pos;
        private long _oldPos;
        private long _produced;
        private long _seek;

        public PatchReader(ReadOnlySpan<byte> patch, long newSize)
        {
            _patch = patch;
            _newSize = newSize;
        }

        /// <summary>
        /// Reads the next control triple; returns false once the output is complete (after checking that the
        /// patch is exhausted). <paramref name="diffOld"/> is the old offset the diff bytes pair with.
        /// </summary>
        public bool NextBlock(int oldLength, out long diffLen, out long extraLen, out int diffOld)
        {
            if (_produced == _newSize)
            {
                if (_pos != _patch.Length)
                {
                    throw new BsdiffFormatException($"{_patch.Length - _pos} bytes of patch data left over after the output was complete (offset {_pos})");
                }

                diffLen = extraLen = 0;
                diffOld = 0;
                return false;
            }

            if (_patch.Length - _pos < ControlSize)
            {
                throw new BsdiffFormatException($"Truncated control triple at patch offset {_pos}: output has {_produced} of {_newSize} bytes");
            }

            var ctrl = _patch.Slice(_pos, ControlSize);
            diffLen = ReadOfftin(ctrl);
            extraLen = ReadOfftin(ctrl[8..]);
            _seek = ReadOfftin(ctrl[16..]);
            if (diffLen < 0 || extraLen < 0)
            {
                throw new BsdiffFormatException($"Negative length in control triple at patch offset {_pos} (diff {diffLen}, extra {extraLen})");
            }

            long remainingOut = _newSize - _produced;
            if (diffLen > remainingOut || extraLen > remainingOut - diffLen)
            {
                throw new BsdiffFormatException($"Control triple at patch offset {_pos} (diff {diffLen}, extra {extraLen}) overruns the output size {_newSize}");
            }

            long remainingPatch = _patch.Length - _pos - ControlSize;
            if (diffLen + extraLen > remainingPatch)
            {
                throw new BsdiffFormatException($"Control triple at patch offset {_pos} needs {diffLen + extraLen} bytes but only {remainingPatch} remain");
            }

            if (diffLen > 0 && (_oldPos < 0 || _oldPos > oldLength - diffLen))
            {
                throw new BsdiffFormatException($"Diff block at patch offset {_pos} reads old bytes [{_oldPos}, {_oldPos + diffLen}) outside the old data of {oldLength} bytes");
            }

            diffOld = diffLen > 0 ? (int)_oldPos : 0;
            _pos += ControlSize;
            _oldPos += diffLen;
            _produced += diffLen + extraLen;
            return true;
        }

        public ReadOnlySpan<byte> Take(int count)
        {
            var s = _patch.Slice(_pos, count);
            _pos += count;
            return s;
        }

        public void Seek()
        {
            // |seek| < 2^63 and |oldPos| stays far below 2^62 unless a hostile patch keeps seeking one way;
            // refuse before the sum could overflow.
            long next = _oldPos + _seek;
            if (((_oldPos ^ next) & (_seek ^ next)) < 0)
            {
                throw new BsdiffFormatException($"Seek of {_seek} overflows the old position before patch offset {_pos}");
            }

            _oldPos = next;
        }
    }
}
