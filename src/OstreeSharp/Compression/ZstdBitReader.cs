using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OstreeSharp.Compression;

/// <summary>
/// Reads a Zstandard backward bitstream (RFC 8878 §4.1: FSE and Huffman streams are read from the last byte to the
/// first; the last byte's highest set bit is a marker). Bits are taken from the top of a 64-bit container that is
/// reloaded from the byte array; bits "before the start" read as zero, which <see cref="Overflowed"/> detects.
/// </summary>
internal ref struct ZstdBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _limit;     // bits the container holds once _ptr is 0
    private ulong _container;
    private int _consumed;           // bits consumed from the top of _container
    private int _ptr;                // byte offset _container was loaded from

    public ZstdBitReader(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new ZstdFormatException("Empty bitstream");
        }

        byte last = data[^1];
        if (last == 0)
        {
            throw new ZstdFormatException("Bitstream without end marker");
        }

        _data = data;
        _consumed = BitOperations.LeadingZeroCount((uint)last) - 24 + 1;
        if (data.Length >= 8)
        {
            _ptr = data.Length - 8;
            _container = BinaryPrimitives.ReadUInt64LittleEndian(data[_ptr..]);
            _limit = 64;
        }
        else
        {
            _ptr = 0;
            ulong c = 0;
            for (int i = 0; i < data.Length; i++)
            {
                c |= (ulong)data[i] << (8 * (8 - data.Length + i));
            }

            _container = c;
            _limit = data.Length * 8;
        }
    }

    /// <summary>More bits were consumed than the stream holds (corrupt data).</summary>
    public readonly bool Overflowed => _ptr == 0 && _consumed > _limit;

    /// <summary>Every bit of the stream has been consumed, exactly.</summary>
    public readonly bool Finished => _ptr == 0 && _consumed == _limit;

    /// <summary>Whether the next <see cref="Reload"/> leaves at least 56 readable bits in the container.</summary>
    public readonly bool Fast => _ptr >= 8;

    /// <summary>Reads <paramref name="n"/> (0..56 since the last reload) bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Read(int n)
    {
        uint v = (uint)((_container << _consumed) >> 1 >> (63 - n));
        _consumed += n;
        return v;
    }

    /// <summary>The next <paramref name="n"/> (1..56) bits without consuming them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly uint Peek(int n) => (uint)((_container << _consumed) >> (64 - n));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip(int n) => _consumed += n;

    /// <summary>Refills the container; afterwards at least 56 bits are readable unless near the stream start.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Reload()
    {
        if (_ptr >= 8 && _consumed <= 64)
        {
            _ptr -= _consumed >> 3;
            _consumed &= 7;
            _container = BinaryPrimitives.ReadUInt64LittleEndian(_data[_ptr..]);
        }
        else if (_ptr > 0)
        {
            ReloadSlow();
        }
    }

    /// <summary><see cref="Reload"/>, then throws if the stream was over-read.</summary>
    public void ReloadChecked()
    {
        Reload();
        if (Overflowed)
        {
            throw new ZstdFormatException("Bitstream over-read (corrupt compressed data)");
        }
    }

    private void ReloadSlow()
    {
        if (_consumed > 64)
        {
            throw new ZstdFormatException("Bitstream over-read (corrupt compressed data)");
        }

        int bytes = Math.Min(_consumed >> 3, _ptr);
        _ptr -= bytes;
        _consumed -= bytes * 8;
        _container = BinaryPrimitives.ReadUInt64LittleEndian(_data[_ptr..]);
    }
}
