namespace OstreeSharp.Checkout;

/// <summary>Whose view of ownership a checkout takes (<c>ostree checkout -U</c>).</summary>
public enum CheckoutMode
{
    /// <summary>Apply recorded owners, modes (including set-id bits) and xattrs; needs root for other owners.</summary>
    None,

    /// <summary>User mode (<c>-U</c>): files belong to the caller, set-id bits and xattrs are dropped.</summary>
    User,
}
