import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("asi_coc_certificate_tour", {
    url: "/odoo/action-asi_coc.asi_certificate_action",
    steps: () => [
        {
            content: "The certificate register is open in the ASI CoC app",
            trigger: ".o_main_navbar .o_menu_brand:contains('ASI CoC')",
        },
        {
            content: "Register a new certificate",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='number'] input",
            run: "edit ASI-TOUR-0001",
        },
        {
            trigger: ".o_field_widget[name='holder_id'] input",
            run: "edit Tour Smelter",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Smelter')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='date_start'] input",
            run: "edit 01/01/2026",
        },
        {
            trigger: ".o_field_widget[name='date_end'] input",
            run: "edit 12/31/2028",
        },
        {
            trigger: ".o_field_widget[name='material_type_ids'] input",
            run: "edit Aluminium",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Aluminium')",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Verify it against the ASI register",
            trigger: ".o_form_saved button[name='action_verify']",
            run: "click",
        },
        {
            content: "The verification is in the chatter",
            trigger: ".o-mail-Message-body:contains('verified against the ASI register')",
        },
    ],
});
