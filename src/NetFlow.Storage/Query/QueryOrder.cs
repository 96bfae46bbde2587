namespace NetFlow.Storage.Query;

/// <summary>What aggregated rows are ranked by (<c>--order</c>), largest first.</summary>
public enum QueryOrder
{
    Bytes,
    Packets,
    Flows,
}

/// <summary>What listed flows are sorted by (<c>--sort</c>): times ascending, amounts largest first.</summary>
public enum ListSort
{
    Start,
    End,
    Bytes,
    Packets,
    Duration,
}
