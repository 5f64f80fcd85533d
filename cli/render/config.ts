// The config reports every host shares (controller/config-report), under the name the CLI's modules use.
export { configErrors, planErrorLines, locate, load } from '../../controller/config-report';
