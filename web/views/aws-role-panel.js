// AWS needs no secret: focusd assumes a read-only IAM role in the customer's account. This
// panel explains that role, shows the connector's external id (read-only, with Copy) and
// links the CloudFormation template that creates the role for the bucket and path typed in.
import { h } from '../dom.js';
import { copyButton } from './copy-button.js';

const TEMPLATE = '/deploy/aws/focusd-billing-reader.yaml';

export function templateUrl({ externalId, bucket, path }) {
  const q = new URLSearchParams({ ExternalId: externalId || '', BucketName: bucket || '', BillingPath: path || '' });
  return `${TEMPLATE}?${q}`;
}

export function renderAwsRolePanel(def, externalId, getValue) {
  const id = 'f-external_id';
  const errId = `${id}-error`;
  const input = h('input', { type: 'text', id, name: def.key, readOnly: true, class: 'mono', value: externalId || '', 'aria-describedby': `${id}-help ${errId}`, 'data-testid': 'external-id' });
  const error = h('p', { class: 'field-error', id: errId, 'data-testid': `error-${def.key}`, hidden: true });
  const roleName = h('code', { 'data-testid': 'role-name' });
  const account = h('strong', {});
  const scope = h('code', { 'data-testid': 'role-scope' });
  const link = h('a', { class: 'btn btn-secondary', 'data-testid': 'cfn-template-link', download: 'focusd-billing-reader.yaml', target: '_blank', rel: 'noopener' }, 'Download CloudFormation template');

  function update() {
    const bucket = getValue('bucket');
    const path = getValue('path');
    roleName.textContent = getValue('role_name') || 'focusd-billing-reader';
    account.textContent = getValue('account_id') || 'your AWS account';
    scope.textContent = `s3://${bucket || '<bucket>'}/${path ? path.replace(/^\/+/, '') : ''}`;
    link.href = templateUrl({ externalId: input.value, bucket, path });
  }

  const element = h('section', { class: 'role-panel field', 'data-field': def.key, 'data-testid': 'aws-role-panel', 'aria-labelledby': 'aws-role-title' },
    h('h3', { id: 'aws-role-title' }, 'Install the IAM role in your AWS account'),
    h('p', {}, 'To connect to AWS billing, focusd needs an IAM role installed in ', account,
      '. focusd assumes the role ', roleName, ' to read your FOCUS export; the role can only read ', scope,
      ' and nothing else. Its trust policy requires the External ID below, so no one else can use it.'),
    h('ol', { class: 'steps' },
      h('li', {}, 'Fill in the AWS Account ID, the s3 bucket and the path of the billing data.'),
      h('li', {}, 'Download the CloudFormation template and create a stack from it in that account (it already carries this External ID, bucket and path).'),
      h('li', {}, 'Save the connector. Keep this External ID: it belongs to this connector.')),
    h('label', { for: id }, def.label || 'External ID'),
    h('p', { class: 'help', id: `${id}-help` }, def.help || 'The role trust policy only lets focusd in when it presents this id (sts:ExternalId).'),
    h('div', { class: 'input-group' }, input, copyButton(() => input.value, 'External ID')),
    error,
    h('div', { class: 'role-actions' }, link));

  update();
  return {
    def, element, input, update,
    get value() { return input.value; },
    setError(message) { error.textContent = message; error.hidden = false; input.setAttribute('aria-invalid', 'true'); element.classList.add('has-error'); },
    clearError() { error.textContent = ''; error.hidden = true; input.removeAttribute('aria-invalid'); element.classList.remove('has-error'); },
  };
}
