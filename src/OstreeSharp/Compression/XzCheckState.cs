using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OstreeSharp.Compression;

/// <summary>The running integrity check of one block being encoded.</summary>
internal sealed class XzCheckState : IDisposable
{
    private readonly XzCheck _check;
    private uint _crc32 = uint.MaxValue;
    private ulong _crc64 = ulong.MaxValue;
    private IncrementalHash? _sha256;

    public XzCheckState(XzCheck check)
    {
        _check = check;
        if (check == XzCheck.Sha256)
        {
            _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }
    }

    /// <summary>The stored size of <paramref name="check"/> in bytes.</summary>
    public static int SizeOf(XzCheck check) => check switch
    {
        XzCheck.Crc32 => 4,
        XzCheck.Crc64 => 8,
        XzCheck.Sha256 => 32,
        _ => 0,
    };

    public int Size => SizeOf(_check);

    public void Append(ReadOnlySpan<byte> data)
    {
        switch (_check)
        {
            case XzCheck.Crc32:
                _crc32 = Crc32.Update(_crc32, data);
                break;
            case XzCheck.Crc64:
                _crc64 = Crc64.Update(_crc64, data);
                break;
            case XzCheck.Sha256:
                _sha256!.AppendData(data);
                break;
        }
    }

    /// <summary>Writes the finished check into <paramref name="destination"/> (<see cref="Size"/> bytes) and restarts.</summary>
    public void Finish(Span<byte> destination)
    {
        switch (_check)
        {
            case XzCheck.Crc32:
                BinaryPrimitives.WriteUInt32LittleEndian(destination, ~_crc32);
                break;
            case XzCheck.Crc64:
                BinaryPrimitives.WriteUInt64LittleEndian(destination, ~_crc64);
                break;
            case XzCheck.Sha256:
                _sha256!.GetHashAndReset(destination);
                break;
        }

        _crc32 = uint.MaxValue;
        _crc64 = ulong.MaxValue;
    }

    public void Dispose() => _sha256?.Dispose();
}
