namespace OstreeSharp.Signing.OpenPgp;

/// <summary>
/// Reads a binary OpenPGP packet stream: old- and new-format headers, one-/two-/five-octet lengths, new-format partial
/// body lengths and the old-format indeterminate length. Bodies are slices of the input unless partial lengths force a join.
/// </summary>
public struct OpenPgpPacketReader
{
    private readonly ReadOnlyMemory<byte> _data;
    private int _position;

    /// <summary>Creates a reader over <paramref name="data"/>.</summary>
    public OpenPgpPacketReader(ReadOnlyMemory<byte> data)
    {
        _data = data;
        _position = 0;
    }

    /// <summary>Offset of the next packet header.</summary>
    public readonly int Position => _position;

    /// <summary>Reads the next packet; false at the end of input.</summary>
    /// <exception cref="OpenPgpFormatException">A malformed header, or a length running past the end of input.</exception>
    public bool TryRead(out OpenPgpPacket packet)
    {
        ReadOnlySpan<byte> span = _data.Span;
        int start = _position;
        if (start >= span.Length)
        {
            packet = default;
            return false;
        }
        byte ctb = span[start];
        if ((ctb & 0x80) == 0)
        {
            throw new OpenPgpFormatException($"Byte 0x{ctb:X2} at offset {start} is not a packet header (bit 7 clear).");
        }
        int p = start + 1;
        if ((ctb & 0x40) == 0)
        {
            var tag = (OpenPgpPacketTag)((ctb >> 2) & 0x0F);
            int lengthType = ctb & 3;
            long length;
            switch (lengthType)
            {
                case 0:
                    Need(span, p, 1, start);
                    length = span[p];
                    p += 1;
                    break;
                case 1:
                    Need(span, p, 2, start);
                    length = (span[p] << 8) | span[p + 1];
                    p += 2;
                    break;
                case 2:
                    Need(span, p, 4, start);
                    length = ((long)span[p] << 24) | ((long)span[p + 1] << 16) | ((long)span[p + 2] << 8) | span[p + 3];
                    p += 4;
                    break;
                default:
                    length = span.Length - p;
                    break;
            }
            Need(span, p, length, start);
            packet = new OpenPgpPacket(tag, _data.Slice(p, (int)length), start, isNewFormat: false);
            _position = p + (int)length;
            return true;
        }

        var newTag = (OpenPgpPacketTag)(ctb & 0x3F);
        List<ReadOnlyMemory<byte>>? parts = null;
        while (true)
        {
            Need(span, p, 1, start);
            byte first = span[p];
            long length;
            bool partial = false;
            if (first < 192)
            {
                length = first;
                p += 1;
            }
            else if (first < 224)
            {
                Need(span, p, 2, start);
                length = ((first - 192) << 8) + span[p + 1] + 192;
                p += 2;
            }
            else if (first == 255)
            {
                Need(span, p, 5, start);
                length = ((long)span[p + 1] << 24) | ((long)span[p + 2] << 16) | ((long)span[p + 3] << 8) | span[p + 4];
                p += 5;
            }
            else
            {
                length = 1L << (first & 0x1F);
                partial = true;
                p += 1;
            }
            Need(span, p, length, start);
            var chunk = _data.Slice(p, (int)length);
            p += (int)length;
            if (!partial && parts is null)
            {
                packet = new OpenPgpPacket(newTag, chunk, start, isNewFormat: true);
                _position = p;
                return true;
            }
            parts ??= [];
            parts.Add(chunk);
            if (!partial)
            {
                break;
            }
        }
        int total = 0;
        foreach (var part in parts)
        {
            total += part.Length;
        }
        var joined = new byte[total];
        int at = 0;
        foreach (var part in parts)
        {
            part.Span.CopyTo(joined.AsSpan(at));
            at += part.Length;
        }
        packet = new OpenPgpPacket(newTag, joined, start, isNewFormat: true);
        _position = p;
        return true;
    }

    private static void Need(ReadOnlySpan<byte> span, int position, long count, int packetStart)
    {
        if (count > span.Length - position)
        {
            throw new OpenPgpFormatException(
                $"Packet at offset {packetStart} is truncated: needs {count} bytes at offset {position}, only {span.Length - position} remain.");
        }
    }
}
