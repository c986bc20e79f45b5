namespace OstreeSharp.Signing.Ed25519;

/// <summary>A point prepared as an addend: (Y + X, Y - X, Z, 2d·T).</summary>
internal struct CachedPoint
{
    public FieldElement YPlusX, YMinusX, Z, T2d;
}
