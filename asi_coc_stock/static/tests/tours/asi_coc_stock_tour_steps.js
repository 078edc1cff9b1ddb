/**
 * Tour steps other tours share (asi_coc_mrp's cast-and-ship tour ships the same way).
 */

/**
 * On a ready delivery's form: designate its line as ASI material, save, validate, and see
 * the CoC document number the validation gives it.
 */
export function shipAsAsiSteps() {
    return [
        {
            content: "Ship the line as ASI material",
            trigger:
                "div[name='move_ids_without_package'] .o_data_row " +
                ".o_data_cell[name='asi_designated']",
            run: "click",
        },
        {
            trigger:
                "div[name='move_ids_without_package'] .o_selected_row " +
                ".o_field_widget[name='asi_designated'] input",
            run: "check",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Validate the delivery",
            trigger: ".o_form_view .o_statusbar_buttons button[name='button_validate']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
        {
            content: "The delivery carries a CoC document number",
            trigger: ".o_form_view .o_field_widget[name='asi_document_number']:contains('ASI/')",
        },
    ];
}
