using OstreeSharp.Objects;

namespace OstreeSharp.Deltas;

/// <summary>Decodes opcode arguments, turning varint errors into <see cref="DeltaFormatException"/>.</summary>
internal static class DeltaOperationReader
{
    public static int ReadVarint(ReadOnlySpan<byte> source, out ulong value)
    {
        try
        {
            return Varint.Read(source, out value);
        }
        catch (OstreeDataException ex)
        {
            throw new DeltaFormatException("Invalid delta operation argument: " + ex.Message, ex);
        }
    }
}
