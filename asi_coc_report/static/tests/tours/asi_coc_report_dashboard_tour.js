import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("asi_coc_report_dashboard_tour", {
    steps: () => [
        {
            content: "The overview shows the available ASI balance of the open period",
            trigger: ".o_asi_coc_dashboard .o_asi_tile_balance:contains('Aluminium'):contains('600 kg')",
        },
        {
            content: "Open the certificates that expire soon",
            trigger: ".o_asi_coc_dashboard .o_asi_tile_certificates:contains('1')",
            run: "click",
        },
        {
            content: "The list shows the expiring certificate",
            trigger: ".o_list_view .o_data_row td:contains('ASI-DASH-0001')",
        },
    ],
});
