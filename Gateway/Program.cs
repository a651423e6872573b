using SutazAI.Gateway;
using SutazAI.Gateway.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

app.UseRequestLogging();
app.UseSutazAIProblemDetails();
app.UseGatewayGuards();

app.MapDefaultEndpoints(openApi: false);
app.MapGatewayApis();

await app.MigrateDatabaseAsync<GatewayDbContext>();
await app.RunAsync();
