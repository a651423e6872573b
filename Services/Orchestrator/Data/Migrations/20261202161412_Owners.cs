using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SutazAI.Orchestrator.Data.Migrations
{
    /// <inheritdoc />
    public partial class Owners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Work from before ownership: a workflow is its requester's; a task its workflow's. What has no known
            // requester belongs to the bootstrap identity, the only admin of a platform without owners.
            migrationBuilder.RenameColumn(name: "Requester", table: "workflows", newName: "Owner");
            migrationBuilder.Sql("""UPDATE workflows SET "Owner" = 'bootstrap' WHERE "Owner" IS NULL OR "Owner" = ''""");
            migrationBuilder.AlterColumn<string>(
                name: "Owner",
                table: "workflows",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(100)",
                oldMaxLength: 100,
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Owner",
                table: "tasks",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "bootstrap");
            migrationBuilder.Sql("""UPDATE tasks SET "Owner" = w."Owner" FROM workflows w WHERE tasks."WorkflowId" = w."Id" """);

            migrationBuilder.CreateIndex(
                name: "IX_workflows_Owner_CreatedAt",
                table: "workflows",
                columns: new[] { "Owner", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_Owner_CreatedAt",
                table: "tasks",
                columns: new[] { "Owner", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_workflows_Owner_CreatedAt",
                table: "workflows");

            migrationBuilder.DropIndex(
                name: "IX_tasks_Owner_CreatedAt",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "Owner",
                table: "tasks");

            migrationBuilder.AlterColumn<string>(
                name: "Owner",
                table: "workflows",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(100)",
                oldMaxLength: 100);
            migrationBuilder.RenameColumn(name: "Owner", table: "workflows", newName: "Requester");
        }
    }
}
