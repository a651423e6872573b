using SutazAI.Cli;

return await CliCommands.Build().RunAsync(args);
