namespace Conformance.Model;

/// <summary>
/// What a C function returning <c>struct mpam_resctrl_dom *</c> returns: a domain, NULL, or an
/// ERR_PTR(). <see cref="IsErr"/> is IS_ERR(), <see cref="Error"/> is PTR_ERR().
/// </summary>
public readonly record struct DomainOrError(ResctrlDomain? Domain, int Error)
{
    public static DomainOrError Null => default;

    public static DomainOrError ErrPtr(int error) => new(null, error);

    public static implicit operator DomainOrError(ResctrlDomain domain) => new(domain, 0);

    public bool IsErr => Error != 0;

    public bool IsNull => Domain is null && Error == 0;
}
