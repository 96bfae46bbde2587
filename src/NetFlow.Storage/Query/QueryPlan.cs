namespace NetFlow.Storage.Query;

/// <summary>What a query reads: its SQL, the rollup files it uses and the flow files it scans.</summary>
public sealed record QueryPlan(string Sql, int RollupFiles, int FlowFiles);
