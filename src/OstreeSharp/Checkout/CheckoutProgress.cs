namespace OstreeSharp.Checkout;

/// <summary>Progress of a checkout.</summary>
/// <param name="FilesDone">Files and symlinks checked out.</param>
/// <param name="FilesTotal">Files and symlinks to check out.</param>
/// <param name="FilesHardlinked">How many of the done files were hardlinked rather than copied.</param>
public readonly record struct CheckoutProgress(long FilesDone, long FilesTotal, long FilesHardlinked);
