namespace OstreeSharp.Tests.Deltas;

/// <summary>Deterministic pseudo-random bytes shared by the delta tests (the black-box vectors were made from them).</summary>
internal static class DeltaTestData
{
    /// <summary>xorshift64 output bytes: <paramref name="n"/> bytes from state <paramref name="x"/>.</summary>
    public static byte[] XorShift(int n, ulong x)
    {
        var b = new byte[n];
        for (int i = 0; i < n; i++)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            b[i] = (byte)(x >> 32);
        }

        return b;
    }
}
