namespace ExpenseApproval.CostCentres;

/// <summary>
/// Acme's cost centres, as the host's finance system knows them: the stand-in for an ERP lookup. Tenant scripts
/// never see this class; they ask through the <c>costCentres</c> capability (<see cref="CostCentresCapability"/>).
/// </summary>
internal sealed class CostCentreDirectory
{
    private readonly Dictionary<string, CostCentre> _centres = new[]
    {
        new CostCentre("CC-100", "Sales Nordics", Active: true, Restricted: false),
        new CostCentre("CC-390", "Sales Benelux (closed)", Active: false, Restricted: false),
        new CostCentre("CC-410", "Sales France", Active: true, Restricted: false),
        new CostCentre("CC-420", "Sales Iberia", Active: true, Restricted: false),
        new CostCentre("CC-500", "Marketing events", Active: true, Restricted: false),
        new CostCentre("CC-910", "Executive entertainment", Active: true, Restricted: true),
        new CostCentre("CC-920", "Board travel", Active: true, Restricted: true),
    }.ToDictionary(c => c.Code, StringComparer.Ordinal);

    public CostCentre? Find(string code) => _centres.GetValueOrDefault(code);
}

/// <summary>A cost centre: restricted ones need finance approval whatever the amount; closed ones take no new claims.</summary>
internal sealed record CostCentre(string Code, string Name, bool Active, bool Restricted);
