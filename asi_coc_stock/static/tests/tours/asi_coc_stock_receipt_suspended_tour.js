import { registry } from "@web/core/registry";

/**
 * A receipt from a supplier whose certificate is suspended (asi_coc_stock/tests/test_tour.py
 * prepares the data): the CoC data is entered in the per-line Details popup, which shows the
 * line will be recorded non-ASI and why; the receipt warns before validation and asks to
 * confirm; the lot's origin record is read-only; Verify CoC Data says what can be done, and
 * verifies once the certificate is reinstated in the register (V2.1 10.1-10.3, V3 3.3 note).
 */
registry.category("web_tour.tours").add("asi_coc_stock_receipt_suspended_tour", {
    url: "/odoo/action-stock.action_picking_tree_all",
    steps: () => [
        {
            content: "Open the receipt from the supplier whose certificate is suspended",
            trigger:
                ".o_data_row:has(.o_data_cell[name='state']:contains('Ready')) " +
                ".o_data_cell[name='partner_id']:contains('Tour Suspended Smelter')",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Ready')",
        },
        {
            content: "Open the line's Details",
            trigger: "div[name='move_ids_without_package'] .o_data_row .fa-list",
            run: "click",
        },
        {
            trigger: ".modal .o_data_row .o_data_cell[name='lot_name']",
            run: "click",
        },
        {
            trigger: ".modal .o_selected_row .o_field_widget[name='lot_name'] input",
            run: "edit TOUR-SUSP-1",
        },
        {
            content: "The supplier's CoC data, in the popup where the lot is entered",
            trigger: ".modal .o_selected_row .o_field_widget[name='asi_status'] select",
            run: 'select "asi"',
        },
        {
            trigger: ".modal .o_selected_row .o_field_widget[name='asi_certificate_number'] input",
            run: "edit ASI-TOUR-SUSP-1",
        },
        {
            trigger: ".modal .o_selected_row .o_field_widget[name='asi_document_ref'] input",
            run: "edit DN-SUSP-1",
        },
        {
            trigger: ".modal .o_selected_row .o_field_widget[name='asi_declared_mass_kg'] input",
            run: "edit 1000",
        },
        {
            content: "The popup says the line will be recorded non-ASI: the certificate is suspended",
            trigger:
                ".modal .o_selected_row .o_field_widget[name='asi_expected_reason']" +
                ":contains('it is suspended since')",
        },
        {
            trigger: ".modal .modal-footer .o_form_button_save",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The receipt's line shows it will be recorded non-ASI",
            trigger:
                "div[name='move_ids_without_package'] .o_data_cell[name='asi_receipt_status']" +
                ":contains('Non-ASI')",
        },
        {
            content: "The receipt warns which line will be recorded non-ASI, and why",
            trigger:
                ".o_form_view .alert-warning[name='asi_receipt_warning']" +
                ":contains('TOUR-SUSP-1'):contains('it is suspended since')",
        },
        {
            content: "Validate the receipt",
            trigger: ".o_form_view .o_statusbar_buttons button[name='button_validate']",
            run: "click",
        },
        {
            content: "The confirmation step repeats the warning",
            trigger: ".modal .o_asi_receipt_confirm_warning:contains('it is suspended since')",
        },
        {
            trigger: ".modal button[name='action_validate_non_asi']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
        // ---- The lot waits for verification ------------------------------------------------
        {
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            trigger: ".o_app[data-menu-xmlid='stock.menu_stock_root']",
            run: "click",
        },
        {
            trigger: ".o_main_navbar .o_menu_sections button:contains('Products')",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .dropdown-item:contains('Lots / Serial Numbers')",
            run: "click",
        },
        {
            content: "The lot list shows the supplier and why the lot is not ASI",
            trigger:
                ".o_data_row:has(.o_data_cell[name='asi_supplier_id']:contains('Tour Suspended Smelter'))" +
                ":has(.o_data_cell[name='asi_verification_note']:contains('suspended since')) " +
                ".o_data_cell[name='name']:contains('TOUR-SUSP-1')",
            run: "click",
        },
        {
            trigger:
                ".o_form_view .o_field_widget[name='asi_status'] .badge:contains('Non-ASI')",
        },
        {
            content: "The certificate and CoC document of the received lot are read-only",
            trigger:
                ".o_form_view .o_field_widget[name='asi_certificate_id']:not(:has(input))" +
                ":contains('ASI-TOUR-SUSP-1')",
        },
        {
            trigger:
                ".o_form_view .o_field_widget[name='asi_document_ref']:not(:has(input))" +
                ":contains('DN-SUSP-1')",
        },
        {
            content: "Try to verify while the certificate is still suspended",
            trigger: ".o_form_view button[name='action_asi_verify_receipt']",
            run: "click",
        },
        {
            trigger: ".modal button[name='action_verify']",
            run: "click",
        },
        {
            content: "The error says why and what can be done",
            trigger:
                ".modal:contains('it is suspended since'):contains('corrected CoC data') " +
                ".modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger: ".modal .modal-footer button:contains('Cancel')",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        // ---- The register reinstates the certificate ----------------------------------------
        {
            content: "Open the supplier's certificate",
            trigger: ".o_form_view .o_field_widget[name='asi_certificate_id'] a",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_reactivate']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons:not(:has(button[name='action_reactivate']))",
        },
        {
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('TOUR-SUSP-1')",
            run: "click",
        },
        {
            content: "Verify the lot now that the certificate is valid again",
            trigger: ".o_form_view button[name='action_asi_verify_receipt']",
            run: "click",
        },
        {
            trigger: ".modal button[name='action_verify']",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The lot is ASI",
            trigger:
                ".o_form_view .o_field_widget[name='asi_status'] " +
                ".badge:contains('ASI'):not(:contains('Non'))",
        },
    ],
});
