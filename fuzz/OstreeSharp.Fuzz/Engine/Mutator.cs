using System.Buffers.Binary;

namespace OstreeSharp.Fuzz.Engine;

/// <summary>Coverage-less structural mutations of byte inputs, driven by a seeded <see cref="Random"/>.</summary>
public sealed class Mutator
{
    private static readonly byte[] InterestingBytes = [0x00, 0xFF, 0x7F, 0x80, 0x01, 0x20, 0x2F, 0x2E];

    private readonly Random _rng;
    private readonly IReadOnlyList<byte[]> _dictionary;
    private readonly int _maxLength;

    public Mutator(Random rng, IReadOnlyList<byte[]> dictionary, int maxLength)
    {
        _rng = rng;
        _dictionary = dictionary;
        _maxLength = maxLength;
    }

    /// <summary>Applies 1–8 stacked mutations to a copy of <paramref name="input"/>; <paramref name="other"/> feeds splices.</summary>
    public byte[] Mutate(byte[] input, byte[] other)
    {
        var data = new List<byte>(input);
        int rounds = 1 + _rng.Next(_rng.Next(2) == 0 ? 2 : 8);
        for (int i = 0; i < rounds; i++)
        {
            MutateOnce(data, other);
        }

        if (data.Count > _maxLength)
        {
            data.RemoveRange(_maxLength, data.Count - _maxLength);
        }

        return [.. data];
    }

    private void MutateOnce(List<byte> d, byte[] other)
    {
        switch (_rng.Next(13))
        {
            case 0: // bit flip
                if (d.Count > 0)
                {
                    int p = _rng.Next(d.Count);
                    d[p] ^= (byte)(1 << _rng.Next(8));
                }

                break;
            case 1: // interesting byte
                if (d.Count > 0)
                {
                    d[_rng.Next(d.Count)] = InterestingBytes[_rng.Next(InterestingBytes.Length)];
                }

                break;
            case 2: // random byte
                if (d.Count > 0)
                {
                    d[_rng.Next(d.Count)] = (byte)_rng.Next(256);
                }

                break;
            case 3: // insert range of random/interesting bytes
            {
                int p = _rng.Next(d.Count + 1);
                int n = 1 + _rng.Next(_rng.Next(2) == 0 ? 4 : 64);
                byte fill = InterestingBytes[_rng.Next(InterestingBytes.Length)];
                bool random = _rng.Next(2) == 0;
                var ins = new byte[n];
                for (int i = 0; i < n; i++)
                {
                    ins[i] = random ? (byte)_rng.Next(256) : fill;
                }

                d.InsertRange(p, ins);
                break;
            }

            case 4: // delete range
                if (d.Count > 0)
                {
                    int p = _rng.Next(d.Count);
                    int n = 1 + _rng.Next(Math.Min(d.Count - p, _rng.Next(2) == 0 ? 4 : 256));
                    d.RemoveRange(p, n);
                }

                break;
            case 5: // duplicate a range
                if (d.Count > 0)
                {
                    int p = _rng.Next(d.Count);
                    int n = 1 + _rng.Next(Math.Min(d.Count - p, 128));
                    var copy = d.GetRange(p, n);
                    int at = _rng.Next(d.Count + 1);
                    int times = 1 + (_rng.Next(8) == 0 ? _rng.Next(16) : 0);
                    for (int t = 0; t < times; t++)
                    {
                        d.InsertRange(at, copy);
                    }
                }

                break;
            case 6: // splice with another seed
                if (other.Length > 0)
                {
                    int cut = _rng.Next(d.Count + 1);
                    int from = _rng.Next(other.Length);
                    int n = 1 + _rng.Next(other.Length - from);
                    if (_rng.Next(2) == 0)
                    {
                        d.RemoveRange(cut, d.Count - cut);
                        d.AddRange(other.AsSpan(from, n).ToArray());
                    }
                    else
                    {
                        d.InsertRange(cut, other.AsSpan(from, n).ToArray());
                    }
                }

                break;
            case 7: // dictionary insert
            case 8: // dictionary overwrite
                if (_dictionary.Count > 0)
                {
                    byte[] word = _dictionary[_rng.Next(_dictionary.Count)];
                    int p = _rng.Next(d.Count + 1);
                    if (_rng.Next(2) == 0 || p + word.Length > d.Count)
                    {
                        d.InsertRange(p, word);
                    }
                    else
                    {
                        for (int i = 0; i < word.Length; i++)
                        {
                            d[p + i] = word[i];
                        }
                    }
                }

                break;
            case 9: // framing offsets: the last 1/2/4/8 bytes as an offset
            case 10:
                PerturbInteger(d, tail: true);
                break;
            case 11: // a length field anywhere
                PerturbInteger(d, tail: false);
                break;
            default: // truncate or extend
                if (d.Count > 0 && _rng.Next(2) == 0)
                {
                    int cut = _rng.Next(d.Count);
                    d.RemoveRange(cut, d.Count - cut);
                }
                else
                {
                    d.AddRange(new byte[1 + _rng.Next(8)]);
                }

                break;
        }
    }

    private void PerturbInteger(List<byte> d, bool tail)
    {
        int width = 1 << _rng.Next(4);
        if (d.Count < width)
        {
            return;
        }

        int pos;
        if (tail)
        {
            // Either the very last offset, or one a few slots earlier in the framing table.
            pos = d.Count - (width * (1 + (_rng.Next(3) == 0 ? _rng.Next(Math.Max(1, d.Count / width)) : 0)));
            pos = Math.Max(0, pos);
        }
        else
        {
            pos = _rng.Next(d.Count - width + 1);
            if (_rng.Next(2) == 0)
            {
                pos -= pos % width;
            }
        }

        Span<byte> buf = stackalloc byte[8];
        for (int i = 0; i < width; i++)
        {
            buf[i] = d[pos + i];
        }

        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(buf);
        ulong max = width == 8 ? ulong.MaxValue : (1UL << (width * 8)) - 1;
        value = _rng.Next(9) switch
        {
            0 => value + 1,
            1 => value - 1,
            2 => value + (ulong)_rng.Next(1, 64),
            3 => value - (ulong)_rng.Next(1, 64),
            4 => 0,
            5 => max,
            6 => (ulong)d.Count,
            7 => max / 2 + 1,
            _ => (ulong)_rng.NextInt64() & max,
        };
        value &= max;
        if (!tail && _rng.Next(4) == 0)
        {
            BinaryPrimitives.WriteUInt64BigEndian(buf, value << ((8 - width) * 8));
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buf, value);
        }

        for (int i = 0; i < width; i++)
        {
            d[pos + i] = buf[i];
        }
    }
}
