import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("asi_coc_period_close_tour", {
    steps: () => [
        {
            content: "The period form shows the balance per material",
            trigger: ".o_asi_period_balance td:contains('Aluminium')",
        },
        {
            content: "The auditor's first check: tie the ledger out",
            trigger: "button[name='action_asi_tie_out']",
            run: "click",
        },
        {
            content: "The ledger ties out",
            trigger: ".modal .alert-success:contains('The ledger ties out')",
        },
        {
            trigger: ".modal footer button:contains('Close')",
            run: "click",
        },
        {
            content: "Close the period",
            trigger: "button[name='action_open_close_wizard']",
            run: "click",
        },
        {
            content: "The confirmation shows what carries forward",
            trigger: ".modal .o_field_widget[name='preview_html'] td:contains('600')",
        },
        {
            content: "The period ends in 2030: the close warns before locking it early",
            trigger: ".modal .o_field_widget[name='preview_html'] .alert-warning:contains('runs until 2030-06-30')",
        },
        {
            content: "Close and Lock is offered only once the early close is confirmed",
            trigger: ".modal footer:not(:has(button[name='action_confirm']))",
        },
        {
            content: "Confirm the close before the end of the period",
            trigger: ".modal div[name='confirm_early_close'] input",
            run: "click",
        },
        {
            trigger: ".modal button[name='action_confirm']:contains('Close and Lock')",
            run: "click",
        },
        {
            content: "The period is closed",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Closed')",
        },
    ],
});
