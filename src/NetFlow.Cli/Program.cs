using System.CommandLine;
using NetFlow.Cli.Commands;

namespace NetFlow.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("netflow: a NetFlow v1/v5/v7/v9 and IPFIX collector")
        {
            DecodeCommand.Create(),
            CollectCommand.Create(),
            QueryCommand.Create(),
            SqlCommand.Create(),
            GenerateCommand.Create(),
            ReplayCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
